/**
 * The smart home bundle Lambda runs, loaded from a synthesized cloud assembly and driven with
 * directives: its unchanged verifier fetches the JWKS over (loopback) HTTPS, and its unchanged
 * AWS SDK client reaches dynalite through AWS_ENDPOINT_URL_DYNAMODB, with the table created from
 * the same synthesized template.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { subjectPartition } from '../../../lambda/core/smart-home/device-table-keys';
import { starterEndpointId } from '../../../lambda/runtime/smart-home/handle-directive';
import { loadBundledHandler, synthesizeSkill, type SynthesizedSkill } from '../../support/bundle';
import { restoreCognitoRouting, routeCognitoToLoopback } from '../../support/cognito-on-loopback';
import {
  acceptGrant,
  discover,
  reportState,
  setBrightness,
  turnOn,
} from '../../support/directives';
import { createTablesFromTemplate, startDynalite, type LocalDynamo } from '../../support/dynalite';
import { SKILL_ID } from '../../support/infra';
import { CLIENT_ID, USER_POOL_ID, generateTestKey, jwksOf } from '../../support/jwt';
import { sendJson, startHttpsServer, type LoopbackServer } from '../../support/loopback';
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { skillAccountLinked, skillDisabled } from '../../support/skill-event-envelopes';
import { assertWellFormedEvent, property } from '../../support/smart-home-events';
import { DEVICE_TABLE_LOGICAL_ID, tokenFor } from '../../support/smart-home-harness';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const key = generateTestKey('bundle-sh-key');
const USER_A = '5e5e5e5e-eeee-4eee-8eee-eeeeeeeeeeee';
const USER_B = '6f6f6f6f-ffff-4fff-8fff-ffffffffffff';
const tokenA = tokenFor(key, USER_A);
const tokenB = tokenFor(key, USER_B);

let skill: SynthesizedSkill;
let jwksServer: LoopbackServer;
let dynamo: LocalDynamo;
let functionEnv: Record<string, string>;
const savedEnv = { ...process.env };

/** A new container: a fresh copy of the bundle, with nothing cached. */
const coldStart = (env: Record<string, string> = functionEnv) =>
  loadBundledHandler(skill, env) as unknown as Handler;

async function send(handler: Handler, envelope: unknown) {
  const event = await handler(envelope, {});
  assertWellFormedEvent(event);
  return event;
}

beforeAll(async () => {
  skill = synthesizeSkill({ skillType: 'smart-home' });
  [jwksServer, dynamo] = await Promise.all([
    startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key))),
    startDynalite(),
  ]);
  routeCognitoToLoopback(jwksServer);
  const tables = await createTablesFromTemplate(dynamo.client, skill.template);
  // The SDK reads its endpoint, region and credentials when it first sends, so they stay set.
  Object.assign(process.env, dynamo.env);
  functionEnv = {
    SKILL_ID: skill.environment.SKILL_ID as string,
    LINKING_SERVER: skill.environment.LINKING_SERVER as string,
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: 'https://acme-alexa-sign-in.auth.us-east-1.amazoncognito.com',
    DEVICES_TABLE_NAME: tables[DEVICE_TABLE_LOGICAL_ID] as string,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}, 180_000);

afterAll(async () => {
  process.env = savedEnv;
  restoreCognitoRouting();
  await Promise.all([jwksServer?.close(), dynamo?.close()]);
  fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

describe('the bundled smart home function', () => {
  test('is one minified CommonJS file with its source map, configured by the synthesized environment', () => {
    const files = fs.readdirSync(skill.bundleDir).sort();
    expect(files).toEqual(['index.js', 'index.js.map']);
    const code = fs.readFileSync(path.join(skill.bundleDir, 'index.js'), 'utf8');
    // Minified: long lines (the SDK keeps a few multi-line template strings, so not one line).
    expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
    // Every SDK client is bundled; the one require left is quoted inside an SDK error message.
    expect(code).not.toMatch(/require\("@aws-sdk\/(?!signature-v4-crt")/);
    expect(code).toContain('DynamoDB');
    expect(code).not.toContain('ask-sdk-core');
    expect(skill.handlerName).toBe('index.handler');
    expect(skill.environment).toEqual({
      SKILL_ID,
      LINKING_SERVER: 'cognito',
      USER_POOL_ID: { Ref: 'AccountLinkingUserPool851FFDA4' },
      USER_POOL_CLIENT_ID: { Ref: 'AccountLinkingAlexaClientEAFF6DFA' },
      SIGN_IN_DOMAIN_URL: expect.anything(),
      DEVICES_TABLE_NAME: { Ref: DEVICE_TABLE_LOGICAL_ID },
      POWERTOOLS_LOG_LEVEL: 'INFO',
      SKILL_STAGE: 'dev',
    });
  });

  test('carries no Powertools: its log lines and metrics are written in-house', () => {
    const map = JSON.parse(fs.readFileSync(path.join(skill.bundleDir, 'index.js.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.filter((source) => source.includes('@aws-lambda-powertools'))).toEqual([]);
    // (The AWS SDK's own recursion detection brings @aws/lambda-invoke-store, as before.)
    expect(map.sources.some((source) => source.endsWith('lambda/adapters/emf-metrics.ts'))).toBe(
      true
    );
    expect(map.sources.some((source) => source.endsWith('lambda/adapters/logger.ts'))).toBe(true);
  });

  test('discovers, controls and reports a lamp; the state survives a cold start', async () => {
    const first = coldStart();
    const discovered = await send(first, discover(tokenA));
    const lamp = starterEndpointId(USER_A);
    expect(discovered.event.payload.endpoints).toEqual([
      expect.objectContaining({
        endpointId: lamp,
        friendlyName: 'Smart Lamp',
        displayCategories: ['LIGHT'],
      }),
    ]);
    expect(property(await send(first, turnOn(tokenA, lamp)), 'powerState').value).toBe('ON');
    expect(property(await send(first, setBrightness(tokenA, lamp, 42)), 'brightness').value).toBe(
      42
    );

    const fetchesBefore = jwksServer.hits.length;
    const second = coldStart();
    const report = await send(second, reportState(tokenA, lamp));
    expect(report.event.header.name).toBe('StateReport');
    expect(property(report, 'powerState').value).toBe('ON');
    expect(property(report, 'brightness').value).toBe(42);
    // The new container fetched its own key set.
    expect(jwksServer.hits.length).toBe(fetchesBefore + 1);
    expect(jwksServer.hits.at(-1)).toBe('/us-east-1_TestPool1/.well-known/jwks.json');
  });

  test("user B cannot read or change user A's lamp", async () => {
    const handler = coldStart();
    await send(handler, discover(tokenA));
    await send(handler, discover(tokenB));
    const lampA = starterEndpointId(USER_A);
    const before = property(await send(handler, reportState(tokenA, lampA)), 'brightness').value;
    for (const directive of [
      turnOn(tokenB, lampA),
      setBrightness(tokenB, lampA, 1),
      reportState(tokenB, lampA),
    ]) {
      expect((await send(handler, directive)).event.payload.type).toBe('NO_SUCH_ENDPOINT');
    }
    expect(property(await send(handler, reportState(tokenA, lampA)), 'brightness').value).toBe(
      before
    );
  });

  test.each([
    [
      'an expired token',
      'EXPIRED_AUTHORIZATION_CREDENTIAL',
      tokenFor(key, USER_A, { exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    [
      'a token for another client',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      tokenFor(key, USER_A, { client_id: 'another' }),
    ],
  ])('%s gets %s', async (_case, type, token) => {
    const event = await send(coldStart(), turnOn(token, starterEndpointId(USER_A)));
    expect(event.event.payload.type).toBe(type);
  });

  test('the lamp declares its properties proactively reported only when events credentials are configured', async () => {
    const reported = async (env: Record<string, string>) => {
      const event = await send(coldStart(env), discover(tokenA));
      const [lamp] = event.event.payload.endpoints as {
        capabilities: { properties?: { proactivelyReported: boolean } }[];
      }[];
      return lamp?.capabilities.flatMap((c) =>
        c.properties ? [c.properties.proactivelyReported] : []
      );
    };
    expect(await reported(functionEnv)).toEqual([false, false, false]);
    expect(
      await reported({ ...functionEnv, ALEXA_EVENTS_SECRET_ID: 'alexa/events-credentials' })
    ).toEqual([true, true, true]);
  });

  test('acknowledges AcceptGrant without events credentials (proactive events off)', async () => {
    const event = await send(coldStart(), acceptGrant(tokenA));
    expect(event.event.header).toMatchObject({
      namespace: 'Alexa.Authorization',
      name: 'AcceptGrant.Response',
    });
  });

  test('answers INTERNAL_ERROR, not a credential error, when its table is missing', async () => {
    const handler = coldStart({
      ...functionEnv,
      DEVICES_TABLE_NAME: 'missing-table',
      // The failure is logged at ERROR; the logging tests cover what that line holds.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    expect((await send(handler, discover(tokenA))).event.payload.type).toBe('INTERNAL_ERROR');
  });

  test('is the events endpoint too: skill events are acknowledged, and SkillDisabled erases only that user', async () => {
    const handler = coldStart();
    await send(handler, discover(tokenA));
    await send(handler, discover(tokenB));
    const partition = async (userId: string) =>
      (
        await dynamo.client.send(
          new QueryCommand({
            TableName: functionEnv.DEVICES_TABLE_NAME,
            KeyConditionExpression: 'userId = :u',
            ExpressionAttributeValues: { ':u': { S: userId } },
            ConsistentRead: true,
          })
        )
      ).Count;
    const acknowledged = { version: '1.0', response: {} };
    expect(await handler(skillAccountLinked('amzn1.ask.account.A', tokenA), {})).toEqual(
      acknowledged
    );
    expect(await coldStart()(skillDisabled('amzn1.ask.account.A', 'NOT_PERSISTED'), {})).toEqual(
      acknowledged
    );
    expect(await partition(subjectPartition(USER_A))).toBe(0);
    expect(await partition(subjectPartition(USER_B))).toBe(1);
    // Again: nothing left to erase, and still acknowledged.
    expect(await handler(skillDisabled('amzn1.ask.account.A', 'NOT_PERSISTED'), {})).toEqual(
      acknowledged
    );
  });

  test('refuses a skill event for another skill ID, as the custom skill does, and erases nothing (#18, item 7)', async () => {
    const handler = coldStart();
    await send(handler, discover(tokenA));
    await handler(skillAccountLinked('amzn1.ask.account.A', tokenA), {});
    const countOf = async (attribute: 'endpointId' | 'subject') =>
      (
        await dynamo.client.send(
          new ScanCommand({
            TableName: functionEnv.DEVICES_TABLE_NAME,
            FilterExpression: 'attribute_exists(#a)',
            ExpressionAttributeNames: { '#a': attribute },
            ConsistentRead: true,
          })
        )
      ).Count;
    const [lamps, links] = [await countOf('endpointId'), await countOf('subject')];
    const fromAnotherSkill = skillDisabled('amzn1.ask.account.A', 'NOT_PERSISTED', tokenA);
    fromAnotherSkill.context.System.application.applicationId =
      'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
    expect(fromAnotherSkill.context.System.application.applicationId).not.toBe(SKILL_ID);

    await expect(handler(fromAnotherSkill, {})).rejects.toThrow(
      /context\.System\.application\.applicationId does not name this skill/
    );
    expect([await countOf('endpointId'), await countOf('subject')]).toEqual([lamps, links]);
    expect(lamps).toBeGreaterThan(0);
    expect(links).toBeGreaterThan(0);
  });

  test('fails to start without its configuration, naming the variable', () => {
    expect(() => coldStart({ ...functionEnv, DEVICES_TABLE_NAME: '' })).toThrow(
      /Environment variable DEVICES_TABLE_NAME is ""/
    );
    expect(() => coldStart({ ...functionEnv, LINKING_SERVER: 'mystery' })).toThrow(
      /Environment variable LINKING_SERVER is "mystery"/
    );
  });
});
