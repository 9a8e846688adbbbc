/**
 * The one build recipe for every Lambda bundle this project ships. The package build (`npm pack`),
 * this repository's app at synth, the tests and the benchmark all build through it, so the bundle
 * a consumer deploys is byte for byte the one they exercise.
 *
 * esbuild is a devDependency: it is loaded only when a bundle is built from the TypeScript
 * sources, never when the package's prebuilt bundles are used. No esbuild type appears in this
 * module's declarations, so a consumer's type check never needs it either.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { askSdkModelNeededBy, type AskSdkModelMode } from './ask-sdk-model-use';
import {
  missingPeers,
  missingPeersMessage,
  peersToLeaveOut,
  runtimeExportsByInput,
  runtimeNamesImported,
  runtimeReExports,
  type BundleGraphInput,
  type OptionalPeer,
} from './entry-peers';

/** The linking servers a skill function can verify tokens against; one bundle is built per server. */
export const LINKING_SERVERS = ['cognito', 'login-with-amazon', 'oidc'] as const;
/** A linking server's name, as `process.env.LINKING_SERVER` holds it inside a bundle. */
export type LinkingServerName = (typeof LINKING_SERVERS)[number];
/** The linking server a function uses when none is configured. */
export const DEFAULT_LINKING_SERVER: LinkingServerName = 'cognito';

/** One Lambda entry point the package ships. */
export interface BundleEntry {
  /** Names the bundle directory (`<name>` or `<name>-<linking server>`). */
  readonly name: string;
  /** The TypeScript entry, relative to the project root. */
  readonly source: string;
  /** Built once per linking server, each bundle carrying only its server's adapter. */
  readonly perLinkingServer: boolean;
  /**
   * Modules replaced in this bundle (esbuild's `alias`: module name -> a file relative to the
   * project root), for a library the entry's code never runs: the replacement says why.
   */
  readonly alias?: Readonly<Record<string, string>>;
}

/**
 * Every entry, in one table: adding a function is one line. An entry whose source file does not
 * exist (yet) is skipped by the package build.
 */
export const BUNDLE_ENTRIES: readonly BundleEntry[] = [
  {
    name: 'custom-skill',
    source: 'lambda/custom-skill/index.ts',
    perLinkingServer: true,
    alias: { 'ask-sdk-model': './lambda/custom-skill/without-ask-sdk-model.ts' },
  },
  { name: 'link-settings', source: 'lambda/link-settings/index.ts', perLinkingServer: false },
  { name: 'smart-home', source: 'lambda/smart-home/index.ts', perLinkingServer: true },
  { name: 'token-recorder', source: 'lambda/token-recorder/index.ts', perLinkingServer: false },
  { name: 'app-to-app', source: 'lambda/app-to-app/index.ts', perLinkingServer: false },
  { name: 'change-reporter', source: 'lambda/change-reporter/index.ts', perLinkingServer: false },
];

/** The project root when running from the TypeScript sources (lib/skill-functions/ is two levels down). */
export const SOURCE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Where the package keeps its prebuilt bundles, next to the compiled code: `dist/bundles/` beside
 * `dist/lib/`. From the TypeScript sources this points at a `bundles/` directory that does not
 * exist, so this repository always builds from its sources.
 */
export const PREBUILT_BUNDLES_DIR = path.resolve(__dirname, '..', '..', 'bundles');

/** Where the package build writes the bundles; also the path every bundle's source map is relative to. */
export const PACKAGE_BUNDLES_DIR = path.join(SOURCE_ROOT, 'dist', 'bundles');

/** The handler every bundle exports, in Lambda's `<file>.<export>` form. */
export const BUNDLE_HANDLER = 'index.handler';

/**
 * The esbuild settings shared by every bundle. `target` stays at node20: the bundles also run in
 * the tests on Node.js 20, and nothing in them needs newer syntax.
 */
export const BUNDLE_SETTINGS = {
  target: 'node20',
  minify: true,
  sourceMap: true,
} as const;

/** The entry of that name, or an error listing the names there are. */
export function bundleEntry(name: string): BundleEntry {
  const entry = BUNDLE_ENTRIES.find((e) => e.name === name);
  if (!entry) {
    throw new Error(
      `No bundle entry named "${name}"; the entries are ${BUNDLE_ENTRIES.map((e) => e.name).join(', ')}.`
    );
  }
  return entry;
}

/** The bundle directory's name for an entry and, for per-server entries, a linking server. */
export function bundleName(
  entry: BundleEntry,
  linkingServer: LinkingServerName = DEFAULT_LINKING_SERVER
): string {
  return entry.perLinkingServer ? `${entry.name}-${linkingServer}` : entry.name;
}

/** The entry's TypeScript source, absolute. */
export function entrySource(entry: BundleEntry): string {
  return path.join(SOURCE_ROOT, entry.source);
}

/** The prebuilt bundle directory shipped with the package, when there is one next to this code. */
export function prebuiltBundleDir(name: string): string | undefined {
  const dir = path.join(PREBUILT_BUNDLES_DIR, name);
  return fs.existsSync(path.join(dir, 'index.js')) ? dir : undefined;
}

/** The esbuild options for one bundle, written as if to `dist/bundles/<name>/index.js`. */
function esbuildOptions(entry: BundleEntry, linkingServer: LinkingServerName) {
  return {
    entryPoints: [entrySource(entry)],
    // Always the package's path, whatever directory the files are finally written to: the source
    // map's relative paths, and so the bytes, are the same for the package, the app and the bench.
    outfile: path.join(PACKAGE_BUNDLES_DIR, bundleName(entry, linkingServer), 'index.js'),
    absWorkingDir: SOURCE_ROOT,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: BUNDLE_SETTINGS.target,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    // The map points at lambda/*.ts without embedding it: smaller, and no source code in the asset.
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'error',
    // Each function carries only the adapter of its linking server: the other branches of
    // `process.env.LINKING_SERVER` become dead code and are dropped.
    define: entry.perLinkingServer
      ? { 'process.env.LINKING_SERVER': JSON.stringify(linkingServer) }
      : {},
    alias: entry.alias ?? {},
  };
}

interface BuiltFile {
  readonly path: string;
  readonly contents: Uint8Array;
}
interface EsbuildResult {
  readonly outputFiles?: BuiltFile[];
  readonly metafile?: {
    inputs: Record<
      string,
      { readonly imports: readonly { readonly path: string; readonly external?: boolean }[] }
    >;
    outputs: Record<
      string,
      {
        readonly inputs: Record<string, { readonly bytesInOutput: number }>;
        readonly imports: readonly { readonly path: string; readonly external?: boolean }[];
      }
    >;
  };
}
interface EsbuildApi {
  readonly version: string;
  buildSync(options: object): EsbuildResult;
  build(options: object): Promise<{ outputFiles?: BuiltFile[] }>;
}

function esbuild(): EsbuildApi {
  // Loaded only here, when building from the sources: the installed package never needs esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('esbuild') as EsbuildApi;
}

// One build per bundle per process: an app with several stacks, or a test file with several
// apps, bundles each function once.
const built = new Map<string, readonly BuiltFile[]>();

function writeFiles(files: readonly BuiltFile[], name: string, outputDir: string): string {
  fs.mkdirSync(outputDir, { recursive: true });
  const canonicalDir = path.join(PACKAGE_BUNDLES_DIR, name);
  for (const file of files) {
    fs.writeFileSync(path.join(outputDir, path.relative(canonicalDir, file.path)), file.contents);
  }
  return path.join(outputDir, 'index.js');
}

/**
 * Builds one bundle into `outputDir` (index.js and index.js.map), synchronously and in this
 * process: what a construct does at synth. Returns the path of index.js.
 */
export function buildBundleSync(
  entry: BundleEntry,
  linkingServer: LinkingServerName,
  outputDir: string
): string {
  const name = bundleName(entry, linkingServer);
  let files = built.get(name);
  if (!files) {
    files = esbuild().buildSync(esbuildOptions(entry, linkingServer)).outputFiles ?? [];
    built.set(name, files);
  }
  return writeFiles(files, name, outputDir);
}

/** As buildBundleSync, without blocking: for the package build and the benchmark. */
export async function buildBundle(
  entry: BundleEntry,
  linkingServer: LinkingServerName,
  outputDir: string
): Promise<string> {
  const name = bundleName(entry, linkingServer);
  let files = built.get(name);
  if (!files) {
    files = (await esbuild().build(esbuildOptions(entry, linkingServer))).outputFiles ?? [];
    built.set(name, files);
  }
  return writeFiles(files, name, outputDir);
}

/**
 * Every bundle of every entry whose source exists, into `<bundlesDir>/<bundle name>/`: the
 * package build. Returns the bundle names built and the entries skipped.
 */
export async function buildAllBundles(
  bundlesDir: string = PACKAGE_BUNDLES_DIR
): Promise<{ built: string[]; skipped: string[] }> {
  const present = BUNDLE_ENTRIES.filter((entry) => fs.existsSync(entrySource(entry)));
  const jobs = present.flatMap((entry) =>
    (entry.perLinkingServer ? LINKING_SERVERS : [DEFAULT_LINKING_SERVER]).map((server) => ({
      entry,
      server,
    }))
  );
  await Promise.all(
    jobs.map(({ entry, server }) =>
      buildBundle(entry, server, path.join(bundlesDir, bundleName(entry, server)))
    )
  );
  return {
    built: jobs.map(({ entry, server }) => bundleName(entry, server)),
    skipped: BUNDLE_ENTRIES.filter((entry) => !present.includes(entry)).map((e) => e.source),
  };
}

/**
 * Where this repository keeps the bundles it builds from its sources between runs, so a synth
 * whose sources have not changed bundles nothing (as a consumer's synth never does).
 */
export const BUNDLE_CACHE_DIR = path.join(
  SOURCE_ROOT,
  'node_modules',
  '.cache',
  'alexa-account-linking'
);

interface CacheManifest {
  /** The recipe's options and esbuild's version: a change to either rebuilds. */
  readonly recipe: string;
  /** Every input file esbuild read, relative to the project root, with its content hash. */
  readonly inputs: Record<string, string>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function recipeKey(
  entry: BundleEntry,
  linkingServer: LinkingServerName,
  esbuildVersion: string
): string {
  return sha256(JSON.stringify({ options: esbuildOptions(entry, linkingServer), esbuildVersion }));
}

// Beside the bundle directory, never in it: the directory is the Lambda asset.
const manifestOf = (dir: string) => `${dir}.manifest.json`;

function isFresh(dir: string, recipe: string, root: string = SOURCE_ROOT): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestOf(dir), 'utf8')) as CacheManifest;
    if (manifest.recipe !== recipe || !fs.existsSync(path.join(dir, 'index.js'))) return false;
    return Object.entries(manifest.inputs).every(
      ([file, hash]) => sha256(fs.readFileSync(path.join(root, file))) === hash
    );
  } catch {
    return false;
  }
}

/**
 * Writes a file whole or not at all: parallel test workers may build the same bundle at once, and
 * two synths may finish at once (the validation cache writes through it too).
 */
export function writeAtomically(file: string, contents: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

/**
 * The bundle's directory in BUNDLE_CACHE_DIR, built first when it is missing or when any file it
 * was built from (sources and node_modules alike), the recipe or esbuild has changed since.
 * Synchronous and in this process: what a construct calls at synth.
 */
export function cachedBundleDir(entry: BundleEntry, linkingServer: LinkingServerName): string {
  const name = bundleName(entry, linkingServer);
  const dir = path.join(BUNDLE_CACHE_DIR, name);
  const api = esbuild();
  const recipe = recipeKey(entry, linkingServer, api.version);
  if (isFresh(dir, recipe)) return dir;

  const result = api.buildSync({ ...esbuildOptions(entry, linkingServer), metafile: true });
  const files = result.outputFiles ?? [];
  built.set(name, files);
  fs.mkdirSync(dir, { recursive: true });
  const canonicalDir = path.join(PACKAGE_BUNDLES_DIR, name);
  for (const file of files) {
    writeAtomically(path.join(dir, path.relative(canonicalDir, file.path)), file.contents);
  }
  const inputs = Object.fromEntries(
    Object.keys(result.metafile?.inputs ?? {}).map((file) => [
      file,
      sha256(fs.readFileSync(path.join(SOURCE_ROOT, file))),
    ])
  );
  writeAtomically(manifestOf(dir), JSON.stringify({ recipe, inputs } satisfies CacheManifest));
  return dir;
}

/**
 * The stand-in a user's entry bundle holds in place of ask-sdk-model: the TypeScript source in this
 * repository, the compiled module in the package (dist/lambda/ beside dist/lib/).
 */
export function entryAskSdkModelStandIn(): string {
  const base = path.join(SOURCE_ROOT, 'lambda', 'runtime', 'custom-skill', 'without-ask-sdk-model');
  const file = ['.ts', '.js'].map((extension) => base + extension).find(fs.existsSync);
  if (file === undefined) throw new Error(`The ask-sdk-model stand-in is missing: ${base}.js`);
  return file;
}

/**
 * A user's own handler file, bundled by this recipe (BUNDLE_SETTINGS, and the linking server folded
 * in as for the package's per-server entries, so a runtime that branches on
 * `process.env.LINKING_SERVER` keeps only that server's adapter) into
 * `<project>/node_modules/.cache/alexa-account-linking/entries/`, the project being the nearest
 * directory above the entry with a package.json. ask-sdk-model goes in as `askSdkModel` says
 * (lib/skill-functions/ask-sdk-model-use.ts): with `auto`, the bundle is built with the stand-in,
 * and built again with the real package when any code in it imports ask-sdk-model or sets an API
 * client. Content-hashed like the package's bundles: rebuilt only when a file it was built from,
 * the recipe or esbuild changes. Synchronous and in this process (never Docker); esbuild is loaded
 * from the user's project, as NodejsFunction loads it. Returns the bundle's directory (index.js,
 * index.js.map), ready for `Code.fromAsset`.
 */
export function cachedEntryBundleDir(
  entryFile: string,
  linkingServer: LinkingServerName,
  askSdkModel: AskSdkModelMode = 'auto'
): string {
  const root = projectRootOf(entryFile);
  const relativeEntry = path.relative(root, entryFile);
  const id = sha256(JSON.stringify({ relativeEntry, linkingServer })).slice(0, 16);
  const name = `${path.basename(entryFile, path.extname(entryFile))}-${id}`;
  const dir = path.join(root, 'node_modules', '.cache', 'alexa-account-linking', 'entries', name);
  const api = esbuildFor(root, entryFile);
  const peers = optionalPeers();
  // The package's optional peers this project lacks: left for the bundle to require, so esbuild
  // need not resolve them for modules it then drops; checked once built. Only when there are any,
  // so a project with every peer installed builds exactly as before.
  const external = peersToLeaveOut(peers, (peer) => isInstalled(root, peer));
  const options = {
    ...esbuildOptions(
      { name, source: relativeEntry, perLinkingServer: true, alias: {} },
      linkingServer
    ),
    entryPoints: [entryFile],
    // The map's paths are relative to the bundle where it is built.
    outfile: path.join(dir, 'index.js'),
    absWorkingDir: root,
    metafile: true,
    ...(external.length > 0 ? { external } : {}),
  };
  const recipe = sha256(JSON.stringify({ options, askSdkModel, esbuildVersion: api.version }));
  if (isFresh(dir, recipe, root)) return dir;

  const result = buildEntry(api, options, askSdkModel, root);
  assertPeersInstalled(result, { peers, external, root, entry: relativeEntry });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of result.outputFiles ?? []) {
    writeAtomically(path.join(dir, path.relative(dir, file.path)), file.contents);
  }
  const inputs = Object.fromEntries(
    Object.keys(result.metafile?.inputs ?? {}).map((file) => [
      file,
      sha256(fs.readFileSync(path.join(root, file))),
    ])
  );
  writeAtomically(manifestOf(dir), JSON.stringify({ recipe, inputs } satisfies CacheManifest));
  return dir;
}

/** One build of a user's entry, with ask-sdk-model or its stand-in as `askSdkModel` decides. */
function buildEntry(
  api: EsbuildApi,
  options: { readonly external?: readonly string[] },
  askSdkModel: AskSdkModelMode,
  root: string
): EsbuildResult {
  if (askSdkModel === 'bundled') return api.buildSync(options);
  const standIn = entryAskSdkModelStandIn();
  // An alias is not a require: the stand-in is bundled whether or not ask-sdk-model is installed.
  const external = options.external?.filter((peer) => peer !== 'ask-sdk-model');
  const lean = api.buildSync({
    ...options,
    ...(external ? { external } : {}),
    alias: { 'ask-sdk-model': standIn },
  });
  if (askSdkModel === 'left-out') return lean;
  const inputs = Object.entries(lean.metafile?.inputs ?? {}).map(([file, input]) => ({
    path: file,
    imports: input.imports.map((imported) => imported.path),
    contents: fs.readFileSync(path.join(root, file), 'utf8'),
  }));
  const metafilePath = path.relative(root, standIn).split(path.sep).join('/');
  return askSdkModelNeededBy(inputs, metafilePath) === undefined ? lean : api.buildSync(options);
}

/** The package's optional peer dependencies, from its own package.json. */
function optionalPeers(): OptionalPeer[] {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      name?: string;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    if (manifest.name !== 'alexa-account-linking') continue;
    return Object.entries(manifest.peerDependencies ?? {})
      .filter(([peer]) => manifest.peerDependenciesMeta?.[peer]?.optional === true)
      .map(([peer, range]) => ({ name: peer, range }));
  }
  return [];
}

/** Whether a package is installed where the project's code resolves packages from. */
function isInstalled(root: string, name: string): boolean {
  const lookup = createRequire(path.join(root, 'package.json')).resolve.paths(name) ?? [];
  return lookup.some((dir) => fs.existsSync(path.join(dir, name, 'package.json')));
}

/**
 * Throws, naming the package, what needs it and the install line, when the bundle still requires
 * a peer that was left out because the project lacks it.
 */
function assertPeersInstalled(
  result: EsbuildResult,
  build: {
    readonly peers: readonly OptionalPeer[];
    readonly external: readonly string[];
    readonly root: string;
    readonly entry: string;
  }
): void {
  if (build.external.length === 0 || !result.metafile) return;
  const { inputs, outputs } = result.metafile;
  const bundle = Object.entries(outputs).find(([file]) => file.endsWith('index.js'))?.[1];
  const read = (file: string) => fs.readFileSync(path.join(build.root, file), 'utf8');
  const graph: BundleGraphInput[] = Object.entries(inputs).map(([file, input]) => ({
    path: file,
    imports: input.imports,
    inOutput: (bundle?.inputs[file]?.bytesInOutput ?? 0) > 0,
  }));
  const missing = missingPeers({
    peers: build.peers,
    leftOut: build.external,
    outputImports: (bundle?.imports ?? []).filter((i) => i.external).map((i) => i.path),
    inputs: graph,
    runtimeExports: runtimeExportsByInput(Object.keys(inputs), (index) =>
      runtimeReExports(read(index))
    ),
    importedByUser: Object.keys(inputs)
      .filter((file) => !/(^|\/)node_modules\//.test(file))
      .flatMap((file) => runtimeNamesImported(read(file))),
  });
  if (missing.length > 0) throw new Error(missingPeersMessage(build.entry, build.root, missing));
}

/** The nearest directory at or above the entry's that holds a package.json; else the entry's own. */
function projectRootOf(entryFile: string): string {
  const start = path.dirname(entryFile);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** esbuild as the user's project resolves it (its own install first), else this package's. */
function esbuildFor(root: string, entryFile: string): EsbuildApi {
  for (const from of [path.join(root, 'package.json'), __filename]) {
    try {
      return createRequire(from)('esbuild') as EsbuildApi;
    } catch {
      // Not installed there: try the next place.
    }
  }
  throw new Error(
    `Bundling entry ${entryFile} needs esbuild, which is not installed in ${root}: run \`npm install --save-dev esbuild\` there (NodejsFunction needs it too), or pass ready code with \`code\` instead of \`entry\`.`
  );
}
