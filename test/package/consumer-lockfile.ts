/**
 * A package-lock.json for the throwaway consumer app, taken from this repository's lockfile, so
 * `npm ci --offline` installs aws-cdk-lib and constructs from the npm cache that this repository's
 * own `npm ci` filled (the cache holds tarballs by integrity, not registry metadata, so a plain
 * `npm install --offline` of a version range cannot resolve).
 */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}
export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

export interface TarballEntry {
  readonly name: string;
  readonly version: string;
  readonly file: string;
  readonly integrity: string;
  readonly peerDependencies: Record<string, string>;
}

/** Every lock entry for `roots` and what they depend on, the way they sit in the repository's tree. */
function closure(repoLock: Lockfile, roots: string[]): Record<string, LockEntry> {
  const picked: Record<string, LockEntry> = {};
  const queue = [...roots];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const top = `node_modules/${name}`;
    for (const [key, entry] of Object.entries(repoLock.packages)) {
      if (key !== top && !key.startsWith(`${top}/node_modules/`)) continue;
      const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
      picked[key] = rest;
      if (key !== top) continue;
      const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional)
        .map(([dep]) => dep);
      for (const dep of [
        ...Object.keys(entry.dependencies ?? {}),
        // esbuild's binary per platform: npm ci installs the one that fits and skips the others.
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...Object.keys(entry.peerDependencies ?? {}).filter((dep) => !optionalPeers.includes(dep)),
      ]) {
        // A dependency nested under this package is already picked with it.
        if (!repoLock.packages[`${top}/node_modules/${dep}`]) queue.push(dep);
      }
    }
  }
  return picked;
}

/** The consumer's package.json dependencies and its lockfile. */
export function consumerLockfile(
  repoLock: Lockfile,
  tarball: TarballEntry,
  devDependencyNames: string[] = []
): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  lockfile: Lockfile;
} {
  const peers = Object.keys(tarball.peerDependencies);
  const dependencies: Record<string, string> = {
    [tarball.name]: `file:${tarball.file}`,
  };
  const versionOf = (name: string) => {
    const version = repoLock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in this repository's lockfile`);
    return version;
  };
  for (const peer of peers) dependencies[peer] = versionOf(peer);
  const devDependencies = Object.fromEntries(
    devDependencyNames.map((name) => [name, versionOf(name)])
  );
  const picked = closure(repoLock, peers);
  for (const [key, entry] of Object.entries(closure(repoLock, devDependencyNames))) {
    // What only the dev dependencies need is marked dev, as npm would.
    if (!(key in picked)) picked[key] = { ...entry, dev: true };
  }
  return {
    dependencies,
    devDependencies,
    lockfile: {
      name: 'consumer-app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'consumer-app', version: '1.0.0', dependencies, devDependencies },
        [`node_modules/${tarball.name}`]: {
          version: tarball.version,
          resolved: `file:${tarball.file}`,
          integrity: tarball.integrity,
          peerDependencies: tarball.peerDependencies,
        },
        ...picked,
      },
    },
  };
}
