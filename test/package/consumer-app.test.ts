/**
 * The package as a consumer gets it: `npm pack` (which builds dist/ through prepack), the tarball
 * installed offline into a throwaway CDK app (TypeScript compiled to CommonJS, as `cdk init`
 * makes it), and a synth there. Nothing is downloaded: aws-cdk-lib, constructs and @types/node come
 * from the npm cache this repository's `npm ci` filled.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { buildBundleSync, bundleEntry, bundleName } from '../../lib/skill-functions/bundle-recipe';
import { loadBundledHandler } from '../support/bundle';
import { intentRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import { generateTestKey, jwksOf, signRs256 } from '../support/jwt';
import { sendJson, startHttpsServer, type LoopbackServer } from '../support/loopback';
import { isRelativeFileLink, markdownLinkTargets } from '../support/markdown-links';
import { CODE_MARKERS } from '../support/server-bundle';
import { restoreTrust, trustTestCertificate } from '../support/trust-test-ca';
import { packedPackage } from '../support/packed-package';
import { consumerLockfile, type Lockfile } from './consumer-lockfile';

const ROOT = path.join(__dirname, '..', '..');
const APP_SOURCES = path.join(__dirname, 'consumer-app');

interface ConsumerReport {
  resolvedFrom: string;
  templateFile: string;
  assetsFile: string;
  messages: { level: string; text: string }[];
  loadedModules: string[];
}
interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

// npm with no network and no side trips: the cache only, no audit, no funding or update notices.
const npmEnv = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
};

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: npmEnv, encoding: 'utf8' });
  if (process.env.CONSUMER_TIMINGS) console.log(`${args[0]} ${Date.now() - started} ms`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`
    );
  }
  return result;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Every Markdown page under docs/, as package.json's `files` ships them. */
function docsPages(): string[] {
  return filesUnder(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.posix.join('docs', file.split(path.sep).join('/')));
}

/** The directory of the skill function's code asset in a consumer app's cloud assembly. */
function functionAssetDir(assemblyDir: string, consumerReport: ConsumerReport): string {
  const template = JSON.parse(
    fs.readFileSync(path.join(assemblyDir, consumerReport.templateFile), 'utf8')
  ) as Template;
  const skillFn = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      String(r.Properties.Description).startsWith('Alexa skill')
  );
  const s3Key = (skillFn?.Properties.Code as { S3Key: string }).S3Key;
  const assets = JSON.parse(
    fs.readFileSync(path.join(assemblyDir, consumerReport.assetsFile), 'utf8')
  ) as { files: Record<string, { source: { path: string } }> };
  const asset = assets.files[s3Key.replace(/\.zip$/, '')];
  return path.join(assemblyDir, asset?.source.path ?? 'missing');
}

let work: string;
let consumer: string;
let outdir: string;
let report: ConsumerReport;
let synthStderr: string;
/**
 * Installs the packed package offline into a new consumer app at `dir`, with these files from
 * `sources`; `withRuntimePeers` also installs the runtime API's optional peers (a CDK app that
 * only deploys needs none of them).
 */
let install: (
  dir: string,
  devDependencyNames: string[],
  files: string[],
  options?: { sources?: string; withRuntimePeers?: boolean }
) => void;
let ownCode: string;
let ownCodeOutdir: string;
let ownCodeReport: ConsumerReport;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-app-'));
  consumer = path.join(work, 'app');
  outdir = path.join(consumer, 'cdk.out');

  // GIVEN the tarball npm pack builds (packed once per tree, shared with the examples' tests)
  const tarball = packedPackage();
  if (process.env.CONSUMER_TIMINGS) console.log(`npm pack ${tarball.milliseconds} ms`);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };
  // A CDK app needs only the required peers; the optional ones are the runtime API's.
  const requiredPeers = Object.fromEntries(
    Object.entries(manifest.peerDependencies).filter(
      ([name]) => !manifest.peerDependenciesMeta[name]?.optional
    )
  );

  // AND a consumer app that depends on it and on aws-cdk-lib and constructs
  const repoLock = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')
  ) as Lockfile;
  install = (dir, devDependencyNames, files, options = {}) => {
    const sources = options.sources ?? APP_SOURCES;
    fs.mkdirSync(dir);
    const { dependencies, devDependencies, lockfile } = consumerLockfile(
      repoLock,
      {
        name: tarball.name,
        version: tarball.version,
        file: path.relative(dir, tarball.file),
        integrity: tarball.integrity,
        peerDependencies: options.withRuntimePeers ? manifest.peerDependencies : requiredPeers,
      },
      devDependencyNames
    );
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer-app', version: '1.0.0', dependencies, devDependencies })
    );
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lockfile));
    for (const file of files) fs.copyFileSync(path.join(sources, file), path.join(dir, file));
    run('npm', ['ci', '--offline', '--ignore-scripts'], dir);
  };
  install(consumer, ['@types/node'], ['app.ts', 'tsconfig.json']);

  // WHEN it installs offline, compiles with tsc and synthesizes
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', consumer], consumer);
  synthStderr = run(process.execPath, ['app.js', outdir], consumer).stderr;
  report = JSON.parse(
    fs.readFileSync(path.join(outdir, 'consumer-report.json'), 'utf8')
  ) as ConsumerReport;
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed library in a consumer app', () => {
  test('the import resolves by package name to the compiled code in the installed package', () => {
    expect(report.resolvedFrom).toBe(
      path.join(
        fs.realpathSync(consumer),
        'node_modules',
        'alexa-account-linking',
        'dist',
        'lib',
        'index.js'
      )
    );
  });

  test("the skill function's asset is the shipped bundle, byte for byte, and the recipe's own output", () => {
    const assetDir = functionAssetDir(outdir, report);
    const name = bundleName(bundleEntry('custom-skill'), 'cognito');
    const shipped = path.join(
      consumer,
      'node_modules',
      'alexa-account-linking',
      'dist',
      'bundles',
      name
    );
    // What this repository's tests and bench run: the recipe, in this process.
    const rebuilt = path.join(work, 'rebuilt');
    buildBundleSync(bundleEntry('custom-skill'), 'cognito', rebuilt);

    expect(filesUnder(assetDir)).toEqual(['index.js', 'index.js.map']);
    for (const file of filesUnder(assetDir)) {
      const deployed = fs.readFileSync(path.join(assetDir, file));
      expect(deployed.equals(fs.readFileSync(path.join(shipped, file)))).toBe(true);
      expect(deployed.equals(fs.readFileSync(path.join(rebuilt, file)))).toBe(true);
    }
  });

  test('the rules report the misconfigured client, and only it', () => {
    const errors = report.messages.filter((m) => m.level === 'error').map((m) => m.text);
    expect(errors).toEqual([
      expect.stringMatching(/CodeGrantOnly\]/),
      expect.stringMatching(/ClientSecret\]/),
      expect.stringMatching(/RegionalRedirectUrls\]/),
    ]);
  });

  test('synth bundles nothing: no esbuild is installed, loaded or run', () => {
    const installed = fs.readdirSync(path.join(consumer, 'node_modules'));
    expect(installed.filter((name) => /esbuild/.test(name))).toEqual([]);
    expect(fs.existsSync(path.join(consumer, 'node_modules', '.bin', 'esbuild'))).toBe(false);
    expect(report.loadedModules.filter((file) => /esbuild/.test(file))).toEqual([]);
    expect(synthStderr).not.toMatch(/Bundling asset/);
  });

  test('every file the packed README links or shows is in the tarball (npmjs.com renders it from there)', () => {
    const installed = path.join(consumer, 'node_modules', 'alexa-account-linking');
    const targets = markdownLinkTargets(fs.readFileSync(path.join(installed, 'README.md'), 'utf8'))
      .filter(isRelativeFileLink)
      .map((target) => decodeURIComponent(target.replace(/[#?].*$/, '')));
    expect(targets).toContain('docs/architecture.svg');
    const files = new Set(filesUnder(installed));
    expect(targets.filter((target) => !files.has(path.normalize(target)))).toEqual([]);
  });

  test('the licence package.json names ships as LICENSE, in full', () => {
    const installed = path.join(consumer, 'node_modules', 'alexa-account-linking');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      license: string;
    };
    const licence = fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8');
    expect(manifest.license).toBe('Apache-2.0');
    expect(licence).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(licence).toMatch(/END OF TERMS AND CONDITIONS/);
  });

  test('the tarball holds compiled code, declarations and bundles only: no tests, scripts, sources or cdk.out', () => {
    const installed = path.join(consumer, 'node_modules', 'alexa-account-linking');
    const files = filesUnder(installed);
    expect(
      files.filter(
        // lambda/: the runtime API (alexa-account-linking/runtime) and the plain-data contracts
        // the constructs share with the functions (metric names, environment variable names),
        // as CommonJS with declarations and, under esm/, as ES modules.
        (f) =>
          !/^dist\/(lib\/.*\.(js|d\.ts)|lambda\/.*\.(js|d\.ts)|esm\/lambda\/.*\.js|esm\/package\.json|bundles\/[^/]+\/index\.js(\.map)?)$/.test(
            f
          )
      )
    ).toEqual(
      [
        'LICENSE',
        'README.md',
        // The docs pages the README links to: npmjs.com shows the README, and its links lead here.
        ...docsPages(),
        'docs/architecture.svg',
        'package.json',
      ].sort()
    );
    const declarations = files.filter((f) => f.endsWith('.d.ts'));
    for (const file of declarations) {
      // A consumer's type check must never need esbuild's types.
      expect(fs.readFileSync(path.join(installed, file), 'utf8')).not.toMatch(
        /from 'esbuild'|import\("esbuild"\)/
      );
    }
  });
});

describe('a consumer app that deploys its own handler file', () => {
  beforeAll(() => {
    // GIVEN a second consumer app that deploys its own handler file, with esbuild installed (as
    // NodejsFunction asks), compiled and synthesized the same way
    ownCode = path.join(work, 'own-code-app');
    ownCodeOutdir = path.join(ownCode, 'cdk.out');
    install(
      ownCode,
      ['@types/node', 'esbuild'],
      ['own-code-app.ts', 'own-skill.ts', 'tsconfig.json', 'tsconfig.own-code.json']
    );
    run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', path.join(ownCode, 'tsconfig.own-code.json')],
      ownCode
    );
    run(process.execPath, ['own-code-app.js', ownCodeOutdir], ownCode);
    ownCodeReport = JSON.parse(
      fs.readFileSync(path.join(ownCodeOutdir, 'consumer-report.json'), 'utf8')
    ) as ConsumerReport;
  }, 120_000);

  test("the function's asset is the app's own code, bundled by the package's recipe with the app's esbuild", async () => {
    const assetDir = functionAssetDir(ownCodeOutdir, ownCodeReport);
    expect(filesUnder(assetDir)).toEqual(['index.js', 'index.js.map']);
    const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(bundle).toContain('Your order is placed (linking server: ');
    expect(ownCodeReport.loadedModules).toContain(
      path.join(fs.realpathSync(ownCode), 'node_modules', 'esbuild', 'lib', 'main.js')
    );
    // It runs as Lambda runs it, its linking server folded in at build time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(path.join(assetDir, 'index.js')) as {
      handler: () => Promise<unknown>;
    };
    await expect(handler()).resolves.toEqual({
      speech: 'Your order is placed (linking server: login-with-amazon)',
    });
  });
});

describe('the runtime subpath in a skill bundle of its own', () => {
  const RUNTIME_APP_SOURCES = path.join(__dirname, 'runtime-app');
  const key = generateTestKey('runtime-app-key');
  const issuer = 'https://tenant.eu.auth0.example/';
  const audience = 'https://api.taxi-orders.example';
  const clientId = 'alexa-app';
  let runtimeApp: string;
  let bundleDir: string;
  let bundled: { code: string; inputs: string[] };
  let jwks: LoopbackServer;

  beforeAll(async () => {
    // GIVEN a skill's own app that installs the tarball and the runtime's optional peers, offline
    runtimeApp = path.join(work, 'runtime-app');
    install(runtimeApp, ['@types/node'], ['handler.ts', 'tsconfig.json'], {
      sources: RUNTIME_APP_SOURCES,
      withRuntimePeers: true,
    });
    // WHEN its handler file type-checks against the shipped declarations and is bundled the way
    // NodejsFunction bundles (esbuild, from the app's node_modules) for an OIDC linking server
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', runtimeApp], runtimeApp);
    bundleDir = path.join(runtimeApp, 'bundle');
    const result = buildSync({
      entryPoints: [path.join(runtimeApp, 'handler.ts')],
      outfile: path.join(bundleDir, 'index.js'),
      absWorkingDir: runtimeApp,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      define: { 'process.env.LINKING_SERVER': '"oidc"' },
      metafile: true,
      logLevel: 'error',
    });
    bundled = {
      code: fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8'),
      // What the output holds (esbuild also lists files it read and then shook out).
      inputs: Object.values(result.metafile.outputs).flatMap((output) =>
        Object.entries(output.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([file]) => file)
      ),
    };
    jwks = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  }, 180_000);

  beforeEach(() => trustTestCertificate());
  afterEach(() => restoreTrust());
  afterAll(async () => {
    await jwks?.close();
  });

  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: issuer,
      sub: 'auth0|rider-1',
      aud: audience,
      azp: clientId,
      iat: now,
      exp: now + 600,
      ...overrides,
    };
  };

  test("the handler is docs/your-own-skill.md's runtime API file, verbatim", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'your-own-skill.md'), 'utf8');
    const handlerFile = fs.readFileSync(path.join(RUNTIME_APP_SOURCES, 'handler.ts'), 'utf8');
    expect(readme).toContain('```ts\n' + handlerFile + '```');
  });

  test('the bundle takes the ES modules of the installed package, and only the OIDC adapter', () => {
    const fromPackage = bundled.inputs.filter((f) =>
      f.startsWith('node_modules/alexa-account-linking/')
    );
    // The runtime index only re-exports: with sideEffects false it adds no bytes, its modules do.
    expect(fromPackage).toContain(
      'node_modules/alexa-account-linking/dist/esm/lambda/runtime/custom-skill/account-linking.js'
    );
    expect(fromPackage).not.toContain(
      'node_modules/alexa-account-linking/dist/esm/lambda/runtime/index.js'
    );
    expect(fromPackage.filter((f) => !f.includes('/dist/esm/'))).toEqual([]);
    expect(bundled.code).toContain(CODE_MARKERS.oidc);
    expect(bundled.code).not.toContain(CODE_MARKERS.cognito);
    expect(bundled.code).not.toContain(CODE_MARKERS['login-with-amazon']);
    // Nor the smart home directive handler and its adapters, which this skill never imports.
    expect(
      fromPackage.filter((f) =>
        /runtime\/smart-home\/|adapters\/(device-store|alexa-grant|alexa-events)/.test(f)
      )
    ).toEqual([]);
  });

  test('answers linked, unlinked and invalid tokens as the greeting does', async () => {
    const handler = loadBundledHandler(
      { bundleDir, handlerName: 'index.handler' },
      {
        POWERTOOLS_DEV: 'false',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
        SKILL_ID,
        LINKING_SERVER: 'oidc',
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: audience,
        OIDC_CLIENT_ID: clientId,
        OIDC_JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
      }
    );
    const speechOf = async (accessToken: string | undefined) => {
      const { response } = await handler(intentRequest('OrderTaxiIntent', { accessToken }), {});
      return { ssml: (response.outputSpeech as { ssml?: string }).ssml, card: response.card };
    };

    // No userInfo URL configured: the profile is undefined, and the handler says so without it.
    expect(await speechOf(signRs256(key, claims()))).toEqual({
      ssml: '<speak>Your taxi is booked.</speak>',
      card: undefined,
    });
    expect(await speechOf(undefined)).toEqual({
      ssml: "<speak>To use Taxi Orders, link your account first. I've sent a card to the Alexa app to get you started.</speak>",
      card: { type: 'LinkAccount' },
    });
    expect(await speechOf(signRs256(key, claims({ aud: 'https://other.example' })))).toEqual({
      ssml: "<speak>I couldn't verify your Taxi Orders account link. I've sent a card to the Alexa app: open it to link your account again.</speak>",
      card: { type: 'LinkAccount' },
    });
    expect(await speechOf(signRs256(generateTestKey('runtime-app-key'), claims()))).toEqual({
      ssml: "<speak>I couldn't verify your Taxi Orders account link. I've sent a card to the Alexa app: open it to link your account again.</speak>",
      card: { type: 'LinkAccount' },
    });
  });
});
