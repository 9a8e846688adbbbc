/**
 * npm run bench: what the skill costs, next to a bare ask-sdk-core + aws-jwt-verify floor built in
 * the same run. Prints tables; asserts nothing (the tests do that).
 *
 * Figures: bundle size; cold module-init time (a fresh Node.js process per sample); warm
 * per-request latency for unlinked, linked and invalid requests (the JWKS and userInfo served on
 * loopback, cached after the first request as in Lambda); verifications per second.
 */
import './quiet-sdk-notice';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { createAccessTokenVerifier } from '../lambda/verifiers/cognito/access-token-verifier';
import {
  alternatingSamples,
  coldInitMs,
  median,
  pairedRatio,
  deployedFunctions,
  synthSeconds,
} from './bench/as-deployed';
import { exampleRows, smartHomeExampleRows } from './bench/examples';
import { exampleWarmRows, type ExampleBundles } from './bench/example-warm';
import { benchLinkingServers } from './bench/linking-servers';
import { routeCognitoToLoopback } from '../test/support/cognito-on-loopback';
import { launchRequest } from '../test/support/envelopes';
import { SKILL_ID, TEST_CONTEXT } from '../test/support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../test/support/jwt';
import { sendJson, startHttpServer, startHttpsServer } from '../test/support/loopback';
import { benchSmartHome } from './bench/smart-home';
import { benchTokenRecorder } from './bench/token-recorder';
import { buildBundle, bundleEntry } from '../lib/skill-functions/bundle-recipe';
import { commandLineOrExit, type CommandSpec } from './cli';

const BENCH_COMMAND: CommandSpec = {
  usage: 'npm run bench --',
  summary: [
    'Measures the skill against floors built in the same run (bundle size, cold init, warm latency,',
    'verifications per second, synth time, load) and prints tables; takes minutes. The sample',
    'counts come from the environment: COLD_SAMPLES (default 31), SYNTH_SAMPLES (default 3) and',
    'LOAD_REQUESTS (default 100000).',
  ].join('\n'),
  options: {},
  examples: ['npm run bench', 'COLD_SAMPLES=11 LOAD_REQUESTS=20000 npm run bench'],
};

type Handler = (event: RequestEnvelope, context: unknown) => Promise<ResponseEnvelope>;

const COLD_SAMPLES = Number(process.env.COLD_SAMPLES ?? 31);
const SYNTH_SAMPLES = Number(process.env.SYNTH_SAMPLES ?? 3);
const WARM_REQUESTS = 5000;
const VERIFY_SECONDS = 2;
const LOAD_REQUESTS = Number(process.env.LOAD_REQUESTS ?? 100_000);
const LOAD_CONCURRENCY = 64;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `work` with stdout discarded: the logger still formats every line, as it does in Lambda. */
async function withLogsDiscarded<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

function latencies<Event>(
  handler: (event: Event, context: unknown) => Promise<unknown>,
  makeEvent: () => Event,
  count: number
): Promise<number[]> {
  return withLogsDiscarded(async () => {
    for (let i = 0; i < 200; i += 1) await handler(makeEvent(), {}); // warm-up, JIT and caches
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const event = makeEvent();
      const started = process.hrtime.bigint();
      await handler(event, {});
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return samples.sort((a, b) => a - b);
  });
}

/** Verifications per second of each verifier, measured in alternating rounds so drift hits both alike. */
async function verificationsPerSecond(verifiers: (() => Promise<unknown>)[]): Promise<number[]> {
  const counts = verifiers.map(() => 0);
  for (const verify of verifiers) for (let i = 0; i < 200; i += 1) await verify();
  const rounds = 8;
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, verify] of verifiers.entries()) {
      const deadline = Date.now() + (VERIFY_SECONDS * 1000) / rounds;
      while (Date.now() < deadline) {
        for (let i = 0; i < 50; i += 1) await verify();
        counts[index] = (counts[index] ?? 0) + 50;
      }
    }
  }
  return counts.map((count) => count / VERIFY_SECONDS);
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/** `total` requests with `concurrency` always in flight, cycling through the request kinds. */
async function load(
  handler: Handler,
  kinds: (() => RequestEnvelope)[],
  total: number,
  concurrency: number
) {
  const latenciesMs = new Float64Array(total);
  let next = 0;
  const started = process.hrtime.bigint();
  await withLogsDiscarded(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < total; i = next++) {
          const event = (kinds[i % kinds.length] as () => RequestEnvelope)();
          const at = process.hrtime.bigint();
          await handler(event, {});
          latenciesMs[i] = Number(process.hrtime.bigint() - at) / 1e6;
        }
      })
    )
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Array.from(latenciesMs).sort((a, b) => a - b);
  return {
    throughput: total / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    seconds,
  };
}

function loadRow(
  pass: string,
  result: Awaited<ReturnType<typeof load>>,
  heapBefore: number,
  heapAfter: number
) {
  return [
    pass,
    Math.round(result.throughput),
    fmt(result.p50),
    fmt(result.p99),
    result.seconds.toFixed(1),
    heapAfter.toFixed(1),
    (heapAfter - heapBefore).toFixed(2),
  ];
}

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

const fmt = (ms: number) => ms.toFixed(3);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const key = generateTestKey('bench-key');
  const jwksServer = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  const userInfoServer = await startHttpServer((_req, res) =>
    sendJson(res, 200, { given_name: 'Ada', email: 'ada@example.com' })
  );
  routeCognitoToLoopback(jwksServer);
  const env = {
    SKILL_ID,
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: userInfoServer.url,
    // Logging stays on as in Lambda; its lines are discarded below so the table stays readable.
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
  Object.assign(process.env, env);

  try {
    // Every shipped function as deployed: its bundle from a synthesized assembly (the package's
    // recipe), its template environment; each floor built by the same recipe.
    const context = { ...TEST_CONTEXT, smapiCredentialsSecret: 'alexa/smapi-credentials' };
    const tokenValues = {
      USER_POOL_ID,
      USER_POOL_CLIENT_ID: CLIENT_ID,
      SIGN_IN_DOMAIN_URL: userInfoServer.url,
      DEVICES_TABLE_NAME: 'bench-devices',
    };
    const customSkill = await deployedFunctions(path.join(workDir, 'custom'), context, tokenValues);
    // The smart home stack adds its function; its link settings function is the same as above.
    const smartHome = await deployedFunctions(
      path.join(workDir, 'smart-home-stack'),
      { ...context, skillType: 'smart-home' },
      tokenValues
    );
    const exampleBundles: ExampleBundles[] = [];
    const deployed = [
      ...customSkill,
      ...smartHome.filter((fn) => !customSkill.some((other) => other.name === fn.name)),
    ];
    const size = (file: string) => fs.statSync(file).size;
    const gzipped = (file: string) => gzipSync(fs.readFileSync(file)).length;
    const ratioRows: (string | number)[][] = [];
    const target = (value: number, limit: number) =>
      `<= ${limit}x ${value <= limit ? 'met' : 'MISSED'}`;
    for (const fn of deployed) {
      const [oursSamples = [], floorSamples = []] = alternatingSamples(COLD_SAMPLES, [
        () => coldInitMs(fn.file, fn.environment),
        () => coldInitMs(fn.floorFile, fn.environment),
      ]);
      const coldRatio = pairedRatio(oursSamples, floorSamples);
      ratioRows.push([
        `${fn.name}: cold init as deployed (ms)`,
        fmt(median(oursSamples)),
        `${fmt(median(floorSamples))} (${fn.floorName})`,
        `${coldRatio.toFixed(2)}x`,
        target(coldRatio, 1.2),
      ]);
      ratioRows.push([
        `${fn.name}: bundle size (KiB)`,
        (size(fn.file) / 1024).toFixed(1),
        (size(fn.floorFile) / 1024).toFixed(1),
        ratio(size(fn.file), size(fn.floorFile)),
        target(size(fn.file) / size(fn.floorFile), 1.3),
      ]);
    }
    // Each example as a user deploys it, against the same intents without the runtime API.
    const examples = [
      await exampleRows({ workDir, coldSamples: COLD_SAMPLES, tokenValues }),
      await smartHomeExampleRows({ workDir, coldSamples: COLD_SAMPLES, tokenValues }),
    ];
    for (const measured of examples) ratioRows.push(...measured.rows);
    exampleBundles.push(...examples.flatMap((measured) => measured.bundles));
    const skillFn = deployed.find((fn) => fn.name === 'custom skill');
    if (!skillFn) throw new Error('no custom skill function in the template');
    const skillFile = skillFn.file;
    const floorFile = skillFn.floorFile;
    // The trade for readable stack traces: what turning source maps on (opt-in) would cost.
    const withMaps = { ...skillFn.environment, NODE_OPTIONS: '--enable-source-maps' };
    const [mapsOn = [], mapsOff = []] = alternatingSamples(COLD_SAMPLES, [
      () => coldInitMs(skillFile, withMaps),
      () => coldInitMs(skillFile, skillFn.environment),
    ]);
    ratioRows.push([
      'custom skill, opt-in NODE_OPTIONS=--enable-source-maps (ms)',
      fmt(median(mapsOn)),
      `${fmt(median(mapsOff))} (the same bundle as deployed, maps off)`,
      `${pairedRatio(mapsOn, mapsOff).toFixed(2)}x`,
      'opt-in, off by default',
    ]);
    // What the stand-in for ask-sdk-model (lambda/custom-skill/without-ask-sdk-model.ts) buys: the
    // same bundle with the library kept, built by the same recipe and measured against the same floor.
    const withModelFile = await buildBundle(
      { ...bundleEntry('custom-skill'), name: 'bench-custom-skill-with-ask-sdk-model', alias: {} },
      'cognito',
      path.join(workDir, 'custom-skill-with-ask-sdk-model')
    );
    const [withModel = [], modelFloor = []] = alternatingSamples(COLD_SAMPLES, [
      () => coldInitMs(withModelFile, skillFn.environment),
      () => coldInitMs(floorFile, skillFn.environment),
    ]);
    ratioRows.push([
      'custom skill with ask-sdk-model kept: cold init (ms)',
      fmt(median(withModel)),
      fmt(median(modelFloor)),
      `${pairedRatio(withModel, modelFloor).toFixed(2)}x`,
      'for comparison, not shipped',
    ]);
    ratioRows.push([
      'custom skill with ask-sdk-model kept: bundle size (KiB)',
      (size(withModelFile) / 1024).toFixed(1),
      (size(floorFile) / 1024).toFixed(1),
      ratio(size(withModelFile), size(floorFile)),
      'for comparison, not shipped',
    ]);
    ratioRows.push([
      'custom skill bundle, gzip (KiB)',
      (gzipped(skillFile) / 1024).toFixed(1),
      (gzipped(floorFile) / 1024).toFixed(1),
      ratio(gzipped(skillFile), gzipped(floorFile)),
      '',
    ]);
    const synth = synthSeconds(SYNTH_SAMPLES, workDir);
    ratioRows.push([
      'npm run synth, repeated (s)',
      synth.ours.toFixed(2),
      `${synth.floor.toFixed(2)} (one empty stack, same CLI and launcher)`,
      `${synth.ratio.toFixed(2)}x`,
      target(synth.ratio, 1.25),
    ]);
    ratioRows.push([
      'npm run synth -c nag=false, repeated (s)',
      synth.withoutNag.toFixed(2),
      synth.floor.toFixed(2),
      `${synth.ratioWithoutNag.toFixed(2)}x`,
      target(synth.ratioWithoutNag, 1.25),
    ]);
    ratioRows.push([
      'npm run synth, first after a change (s)',
      synth.cold.toFixed(2),
      synth.floor.toFixed(2),
      `${synth.ratioCold.toFixed(2)}x`,
      'validations run in full; cdk-nag kept',
    ]);
    ratioRows.push([
      'npm run synth -c nag=false, first after a change (s)',
      synth.coldWithoutNag.toFixed(2),
      synth.floor.toFixed(2),
      `${synth.ratioColdWithoutNag.toFixed(2)}x`,
      target(synth.ratioColdWithoutNag, 1.25),
    ]);
    ratioRows.push([
      "cdk-nag's share of a first synth after a change (s)",
      (synth.cold - synth.coldWithoutNag).toFixed(2),
      '',
      '',
      'kept in synth: a feature',
    ]);
    table(
      `Ratios against floors built in this run (${COLD_SAMPLES} fresh processes per cold-init figure in alternating pairs, ratio = median of the pair ratios; ${SYNTH_SAMPLES} alternating runs per synth figure; Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)})`,
      ['figure', 'ours', 'floor', 'ours / floor', 'target'],
      ratioRows
    );

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const skill = require(skillFile).handler as Handler;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const floor = require(floorFile).handler as Handler;
    const valid = signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) + 7200 }));
    const expired = signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 60 }));
    const kinds: [string, () => RequestEnvelope][] = [
      ['unlinked (no token)', () => launchRequest()],
      ['linked (valid token)', () => launchRequest({ accessToken: valid })],
      ['invalid (expired token)', () => launchRequest({ accessToken: expired })],
    ];
    const rows: (string | number)[][] = [];
    for (const [name, makeEvent] of kinds) {
      const ours = await latencies(skill, makeEvent, WARM_REQUESTS);
      const bare = await latencies(floor, makeEvent, WARM_REQUESTS);
      rows.push([
        name,
        fmt(percentile(ours, 50)),
        fmt(percentile(ours, 99)),
        fmt(percentile(bare, 50)),
        fmt(percentile(bare, 99)),
      ]);
    }
    table(
      `Warm request latency in ms (${WARM_REQUESTS} sequential requests each, INFO logging on)`,
      ['request', 'skill p50', 'skill p99', 'floor p50', 'floor p99'],
      rows
    );

    const exampleWarm: (string | number)[][] = [];
    for (const bundles of exampleBundles) {
      exampleWarm.push(...(await exampleWarmRows(bundles, key, latencies, WARM_REQUESTS)));
    }
    table(
      `Warm linked request of each example, in ms (${WARM_REQUESTS} sequential requests each, INFO logging on; Order Desk's OrderIntent with its userInfo call, Acme Plug's ReportState with its cloud call, both on loopback; target p50 < 1 ms)`,
      ['bundle', 'p50', 'p99'],
      exampleWarm
    );

    // Load: two passes of LOAD_REQUESTS each; a leak shows as heap that keeps growing between passes.
    const mix = kinds.map(([, makeEvent]) => makeEvent);
    const heapBefore = heapMiB();
    const first = await load(skill, mix, LOAD_REQUESTS, LOAD_CONCURRENCY);
    const heapAfterFirst = heapMiB();
    const second = await load(skill, mix, LOAD_REQUESTS, LOAD_CONCURRENCY);
    const heapAfterSecond = heapMiB();
    table(
      `Load: ${LOAD_REQUESTS} in-process requests per pass, ${LOAD_CONCURRENCY} in flight, unlinked/linked/invalid in turn${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`,
      [
        'pass',
        'requests / s',
        'p50 (ms)',
        'p99 (ms)',
        'seconds',
        'heap after (MiB)',
        'heap growth (MiB)',
      ],
      [
        loadRow('1', first, heapBefore, heapAfterFirst),
        loadRow('2', second, heapAfterFirst, heapAfterSecond),
      ]
    );

    const ourVerifier = createAccessTokenVerifier({
      userPoolId: USER_POOL_ID,
      userPoolClientId: CLIENT_ID,
    });
    ourVerifier.cacheJwks(jwksOf(key));
    const bareVerifier = CognitoJwtVerifier.create({
      userPoolId: USER_POOL_ID,
      tokenUse: 'access',
      clientId: CLIENT_ID,
    });
    bareVerifier.cacheJwks(jwksOf(key));
    const [ours, bare] = await verificationsPerSecond([
      () => ourVerifier.verify(valid),
      () => bareVerifier.verify(valid),
    ]);
    table(
      `Token verification (${VERIFY_SECONDS} s each in alternating rounds, one core)`,
      ['verifier', 'verifications / s'],
      [
        ['skill adapter (createAccessTokenVerifier)', Math.round(ours ?? 0)],
        ['bare CognitoJwtVerifier', Math.round(bare ?? 0)],
      ]
    );
    await benchSmartHome({ workDir, key, table });
    console.log(
      `\nJWKS fetches during the whole run: ${jwksServer.hits.length} (one per bundle: cached after the first request)`
    );
    await benchLinkingServers({
      floorFile,
      warmRequests: WARM_REQUESTS,
      latencies,
      percentile,
      table,
    });
    await benchTokenRecorder({
      workDir,
      coldSamples: COLD_SAMPLES,
      requests: Number(process.env.RECORDER_REQUESTS ?? 2000),
      tokenValues,
      percentile,
      table,
    });
  } finally {
    await Promise.all([jwksServer.close(), userInfoServer.close()]);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (commandLineOrExit('bench', process.argv.slice(2), BENCH_COMMAND)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
