/**
 * The package as `npm pack` makes it, packed once for every test and script that installs it
 * (the consumer apps, the examples, the bench): the tarball is kept in
 * node_modules/.cache/alexa-account-linking-tests/packed/<key>/, the key a hash of every file the
 * build reads (package.json and its lockfile, lib/, lambda/, scripts/, the README and what it
 * links), so a second run with the same tree packs nothing and a change packs again. A lock
 * directory keeps two jest workers from building dist/ at the same time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const CACHE_DIR = path.join(
  ROOT,
  'node_modules',
  '.cache',
  'alexa-account-linking-tests',
  'packed'
);
/** A lock older than this belongs to a process that died while packing. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/** What the build reads: a change to any of these makes a new tarball. */
const PACKAGE_INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.build.json',
  'README.md',
  'LICENSE',
  'docs',
  'lib',
  'lambda',
  'scripts',
];

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** The tarball, absolute. */
  readonly file: string;
  readonly integrity: string;
  /** How long this call took: the pack itself, or only the look-up when it was cached. */
  readonly milliseconds: number;
  readonly fromCache: boolean;
}

// npm with no network and no side trips: the cache only, no audit, no funding or update notices.
export const offlineNpmEnv: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
};

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.relative(ROOT, path.join(dirent.parentPath, dirent.name)))
    .sort();
}

/** The hash of every input's path and content. */
export function packageTreeKey(): string {
  const hash = createHash('sha256');
  for (const file of PACKAGE_INPUTS.flatMap(filesUnder)) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function readPacked(dir: string): Omit<PackedPackage, 'milliseconds' | 'fromCache'> | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'packed.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The tarball for the current tree: from the cache, or packed now (npm pack runs the build). */
export function packedPackage(): PackedPackage {
  const started = Date.now();
  const dir = path.join(CACHE_DIR, packageTreeKey());
  const lock = `${dir}.lock`;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  for (;;) {
    const cached = readPacked(dir);
    if (cached) return { ...cached, milliseconds: Date.now() - started, fromCache: true };
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else {
        sleep(500); // another worker is packing this tree: its tarball will do
      }
    }
  }
  try {
    const cached = readPacked(dir);
    if (cached) return { ...cached, milliseconds: Date.now() - started, fromCache: true };
    const staging = `${dir}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging);
    const result = spawnSync('npm', ['pack', '--json', '--pack-destination', staging], {
      cwd: ROOT,
      env: offlineNpmEnv,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`npm pack exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    // prepack's build prints its own lines first; npm's JSON report follows them.
    const [report] = JSON.parse(result.stdout.slice(result.stdout.search(/^\[/m))) as {
      name: string;
      version: string;
      filename: string;
      integrity: string;
    }[];
    if (!report) throw new Error('npm pack reported no tarball');
    const packed = {
      name: report.name,
      version: report.version,
      file: path.join(dir, report.filename),
      integrity: report.integrity,
    };
    fs.writeFileSync(path.join(staging, 'packed.json'), JSON.stringify(packed));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return { ...packed, milliseconds: Date.now() - started, fromCache: false };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
