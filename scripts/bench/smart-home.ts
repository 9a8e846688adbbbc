/**
 * Bench rows for the smart home function: warm per-directive latency against a loopback dynalite,
 * with the table created from the synthesized template and the JWKS served on loopback (cached
 * after the first directive, as in Lambda). Its bundle size and cold init as deployed are in the
 * ratio table (scripts/bench/as-deployed.ts). Called by scripts/bench.ts; asserts nothing.
 */
import * as path from 'node:path';
import { buildBundle, bundleEntry } from '../../lib/skill-functions/bundle-recipe';
import { starterEndpointId } from '../../lambda/runtime/smart-home/handle-directive';
import { discover, reportState, setBrightness, turnOn } from '../../test/support/directives';
import { createTablesFromTemplate, startDynalite } from '../../test/support/dynalite';
import { SKILL_ID } from '../../test/support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  signRs256,
  type TestKey,
} from '../../test/support/jwt';
import { DEVICE_TABLE_LOGICAL_ID, smartHomeTemplate } from '../../test/support/smart-home-harness';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
type Table = (title: string, header: string[], rows: (string | number)[][]) => void;

const WARM_DIRECTIVES = Number(process.env.SMART_HOME_WARM_DIRECTIVES ?? 2000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (ms: number) => ms.toFixed(3);

/** Runs `work` with stdout discarded: the logger still formats every line, as in Lambda. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

function warmLatencies(handler: Handler, makeEvent: () => unknown): Promise<number[]> {
  return quietly(async () => {
    for (let i = 0; i < 100; i += 1) await handler(makeEvent(), {});
    const samples: number[] = [];
    for (let i = 0; i < WARM_DIRECTIVES; i += 1) {
      const event = makeEvent();
      const started = process.hrtime.bigint();
      await handler(event, {});
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return samples.sort((a, b) => a - b);
  });
}

/** Runs with the JWKS for `key` already served on loopback for the Cognito host. */
export async function benchSmartHome(options: {
  readonly workDir: string;
  readonly key: TestKey;
  readonly table: Table;
}): Promise<void> {
  const dynamo = await startDynalite();
  try {
    const tables = await createTablesFromTemplate(dynamo.client, smartHomeTemplate());
    const env = {
      ...dynamo.env,
      SKILL_ID,
      LINKING_SERVER: 'cognito',
      USER_POOL_ID,
      USER_POOL_CLIENT_ID: CLIENT_ID,
      SIGN_IN_DOMAIN_URL: 'https://bench.auth.us-east-1.amazoncognito.com',
      DEVICES_TABLE_NAME: tables[DEVICE_TABLE_LOGICAL_ID] as string,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    // The bundle the stack deploys for a Cognito-linked smart home skill, from the one recipe.
    const file = await buildBundle(
      bundleEntry('smart-home'),
      'cognito',
      path.join(options.workDir, 'smart-home')
    );
    Object.assign(process.env, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler = require(file).handler as Handler;
    const sub = '8b8b8b8b-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
    const hour = Math.floor(Date.now() / 1000) + 7200;
    const valid = signRs256(options.key, accessTokenClaims({ sub, username: sub, exp: hour }));
    const expired = signRs256(
      options.key,
      accessTokenClaims({ sub, exp: Math.floor(Date.now() / 1000) - 60 })
    );
    const lamp = starterEndpointId(sub);
    await quietly(() => handler(discover(valid), {})); // the user's lamp exists from here on
    let brightness = 0;
    const kinds: [string, () => unknown][] = [
      ['Discover (1 query)', () => discover(valid)],
      ['TurnOn (get + conditional update)', () => turnOn(valid, lamp)],
      [
        'SetBrightness (get + conditional update)',
        () => setBrightness(valid, lamp, (brightness = (brightness + 7) % 101)),
      ],
      ['ReportState (1 get)', () => reportState(valid, lamp)],
      ['expired token (no table access)', () => turnOn(expired, lamp)],
    ];
    const rows: (string | number)[][] = [];
    for (const [name, makeEvent] of kinds) {
      const samples = await warmLatencies(handler, makeEvent);
      rows.push([name, fmt(percentile(samples, 50)), fmt(percentile(samples, 99))]);
    }
    options.table(
      `Smart home warm directive latency in ms (${WARM_DIRECTIVES} sequential directives each, dynalite on loopback, INFO logging on)`,
      ['directive', 'p50', 'p99'],
      rows
    );
  } finally {
    await dynamo.close();
  }
}
