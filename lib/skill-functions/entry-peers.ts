/**
 * Which of the package's optional peers (ask-sdk-core, the AWS SDK clients, ...) a user's entry
 * bundle may do without, decided from what esbuild built. esbuild resolves every import of every
 * module it reads, even of a module `sideEffects: false` then drops, so a smart home entry would
 * need ask-sdk-core installed only to throw it away. The glue marks the peers the user's project
 * lacks as external, and this module says whether the finished bundle still requires one of them:
 * then the synth fails, naming the package, what needs it and the `npm install` line. Pure: the
 * glue resolves, builds and reads the files.
 */

/** One optional peer of the package: its name and the version range package.json asks for. */
export interface OptionalPeer {
  readonly name: string;
  readonly range: string;
}

/**
 * The peers to mark external in a build: the ones not installed in the user's project. (A peer the
 * build also aliases, ask-sdk-model to its stand-in, is unaffected: esbuild substitutes an alias
 * before it looks at the external list.)
 */
export function peersToLeaveOut(
  peers: readonly OptionalPeer[],
  isInstalled: (name: string) => boolean
): string[] {
  return peers.map((peer) => peer.name).filter((name) => !isInstalled(name));
}

/**
 * Whether Lambda's Node.js runtime provides the package, so a bundle may require it without
 * carrying it. Every Node.js runtime from nodejs18.x on ships the AWS SDK for JavaScript v3, and
 * the skill functions run on Node.js 24; CDK's NodejsFunction leaves `@aws-sdk/*` out of its
 * bundles for the same reason. The bundle then runs on the runtime's SDK version, not one of yours:
 * install the client to pin it (it is bundled then, as the package's own functions bundle theirs).
 */
export function isProvidedByLambdaRuntime(name: string): boolean {
  return name.startsWith('@aws-sdk/');
}

/** The package an import specifier names: `@scope/name` or `name`, without a subpath. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** One input file of a bundle, as esbuild's metafile lists it. */
export interface BundleGraphInput {
  /** As the metafile names it: relative to the build's working directory, `/`-separated. */
  readonly path: string;
  /** What it imports, as the metafile lists it (an external one by its specifier). */
  readonly imports: readonly { readonly path: string; readonly external?: boolean }[];
  /** Whether any of its code is in the bundle (`bytesInOutput` above 0). */
  readonly inOutput: boolean;
}

/** A peer the bundle requires but the project lacks, and what in the bundle needs it. */
export interface MissingPeer {
  readonly peer: OptionalPeer;
  /** The runtime API's exports that need it (`accountLinking`). */
  readonly runtimeExports: readonly string[];
  /** The files outside any package (the user's own) that import it. */
  readonly ownFiles: readonly string[];
}

/** What the decision reads: the build's graph and the runtime API's exports. */
export interface MissingPeersInput {
  readonly peers: readonly OptionalPeer[];
  /** The peers the build marked external (peersToLeaveOut). */
  readonly leftOut: readonly string[];
  /** The external imports of the bundle itself (the metafile's output imports). */
  readonly outputImports: readonly string[];
  readonly inputs: readonly BundleGraphInput[];
  /** The runtime API's exports by the input that defines them (runtimeExportsByInput). */
  readonly runtimeExports: Readonly<Record<string, readonly string[]>>;
  /** The runtime API's names the user's own files import, to name only those. */
  readonly importedByUser: readonly string[];
}

const IN_A_PACKAGE = /(^|\/)node_modules\//;

/**
 * The left-out peers the bundle still requires, except those Lambda's runtime provides, each with
 * what needs it; empty when the bundle runs with what is installed.
 */
export function missingPeers(input: MissingPeersInput): MissingPeer[] {
  const required = new Set(input.outputImports.map(packageOf));
  return input.peers
    .filter((peer) => input.leftOut.includes(peer.name) && required.has(peer.name))
    .filter((peer) => !isProvidedByLambdaRuntime(peer.name))
    .map((peer) => ({ peer, ...neededBy(peer.name, input) }));
}

/**
 * What in the bundle imports the peer: the runtime API's exports above the package's modules that
 * import it (only those the user imports, when the user imports any of them), and the user's files.
 */
function neededBy(
  peer: string,
  input: MissingPeersInput
): Pick<MissingPeer, 'runtimeExports' | 'ownFiles'> {
  const importsPeer = (file: BundleGraphInput) =>
    file.imports.some((imported) => imported.external && packageOf(imported.path) === peer);
  const culprits = input.inputs.filter((file) => file.inOutput && importsPeer(file));
  // The user's own files are never below a runtime export: walking up from them finds none.
  const exported = [...new Set(culprits.flatMap((file) => exportsAbove(file.path, input)))];
  const used = exported.filter((name) => input.importedByUser.includes(name));
  return {
    runtimeExports: used.length > 0 ? used : exported,
    ownFiles: culprits.filter((file) => !IN_A_PACKAGE.test(file.path)).map((file) => file.path),
  };
}

/**
 * The runtime API's exports defined by the nearest modules at or above `file` in the import graph
 * (walking from importer to importer, stopping at a module the runtime index re-exports).
 */
function exportsAbove(file: string, input: MissingPeersInput): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const queue = [file];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (seen.has(current)) continue;
    seen.add(current);
    const exports = input.runtimeExports[current];
    if (exports) {
      names.push(...exports);
      continue;
    }
    for (const importer of input.inputs) {
      if (importer.imports.some((imported) => imported.path === current)) queue.push(importer.path);
    }
  }
  return names;
}

// `export { a, type B } from './x';` as the TypeScript source has it, and `import { a } from './x';`
// followed by one `export { a, ... };` as the package's ES modules (esbuild's output) have it.
const RE_EXPORT = /(?:export|import)\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;

/**
 * The runtime index's re-exports: each module specifier it re-exports from, relative to the index
 * as written, with the value names it exports from it (type-only names left out: no code needs
 * them; `a as b` is exported as `b`). An index imports only what it exports, so its named imports
 * count as re-exports.
 */
export function runtimeReExports(indexSource: string): { specifier: string; names: string[] }[] {
  return (
    [...indexSource.matchAll(RE_EXPORT)]
      // Both groups always take part in a match: a list or specifier may be empty, never missing.
      .map(([, list, specifier]) => ({
        specifier: specifier as string,
        names: namesIn(list as string).map((name) => name.split(/\s+as\s+/).pop() as string),
      }))
      .filter((reExport) => reExport.names.length > 0)
  );
}

/** The value names of a `{ ... }` import or export list, as written (`a as b` whole). */
function namesIn(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && !name.startsWith('type '));
}

/**
 * The runtime API's value exports by the bundle input that defines them: the runtime index among
 * `files` (the metafile's inputs), its re-exports resolved against it. Empty without the index.
 *
 * @param reExportsOf reads the index and returns its re-exports (runtimeReExports)
 */
export function runtimeExportsByInput(
  files: readonly string[],
  reExportsOf: (index: string) => readonly { specifier: string; names: string[] }[]
): Record<string, string[]> {
  const index = files.find((file) => /(^|\/)lambda\/runtime\/index\.[cm]?[jt]s$/.test(file));
  if (index === undefined) return {};
  const withoutExtension = (file: string) => file.replace(/\.[cm]?[jt]s$/, '');
  const directory = index.slice(0, index.lastIndexOf('/') + 1);
  const byInput: Record<string, string[]> = {};
  for (const { specifier, names } of reExportsOf(index)) {
    const target = withoutExtension(normalize(directory + specifier));
    const input = files.find((file) => withoutExtension(file) === target);
    if (input !== undefined) byInput[input] = names;
  }
  return byInput;
}

/** A `/`-separated path with its `.` and `..` segments resolved. */
function normalize(file: string): string {
  const parts: string[] = [];
  for (const part of file.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

// `import { a, type B } from 'alexa-account-linking/runtime'` (not `import type`).
const RUNTIME_IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]alexa-account-linking\/runtime['"]/g;

/** The runtime API's value names a file imports by name (`import { a as b }` counts as `a`). */
export function runtimeNamesImported(source: string): string[] {
  return [...source.matchAll(RUNTIME_IMPORT)].flatMap(([, list]) =>
    namesIn(list as string).map((name) => name.split(/\s+as\s+/)[0] as string)
  );
}

/** The synth's error for the peers a bundle needs and the project lacks. */
export function missingPeersMessage(
  entry: string,
  project: string,
  missing: readonly MissingPeer[]
): string {
  const needs = missing.map(({ peer, runtimeExports, ownFiles }) => {
    const users = [
      ...(runtimeExports.length > 0
        ? [`alexa-account-linking/runtime's ${runtimeExports.join(', ')}`]
        : []),
      ...ownFiles,
    ];
    return `${peer.name} (used by ${users.length > 0 ? users.join(' and ') : 'alexa-account-linking'})`;
  });
  const install = missing.map(({ peer }) => `'${peer.name}@${peer.range}'`).join(' ');
  const which = missing.length > 1 ? 'which are' : 'which is';
  return `The bundle of ${entry} requires ${needs.join(' and ')}, ${which} not installed in ${project}: run \`npm install ${install}\` there.`;
}
