/**
 * The bench compares examples/smart-home with a floor written without the runtime API
 * (scripts/bench/smart-home-example-floor-entry.ts). A floor that does less than the example would
 * flatter neither side honestly, so its bundle, built by the bench's recipe, is driven here with
 * what the example's own test drives it with: the example's answers to the same directives and
 * skill events, against the same Acme cloud stand-in and real signed tokens.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundle } from '../../lib/skill-functions/bundle-recipe';
import { SMART_HOME_EXAMPLE_FLOOR } from '../../scripts/bench/examples';
import { ACME_CLOUD_HOST, createAcmePlugCloud } from '../support/acme-plug-cloud';
import { loadBundledHandler } from '../support/bundle';
import {
  restoreCognitoRouting,
  routeCognitoToLoopback,
  startHostsOnLoopback,
  type HostsOnLoopback,
} from '../support/cognito-on-loopback';
import { acceptGrant, discover, reportState, turnOn } from '../support/directives';
import { SKILL_ID } from '../support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import { sendJson, startHttpsServer, type LoopbackServer } from '../support/loopback';
import { skillDisabled } from '../support/skill-event-envelopes';

interface Answer {
  event?: {
    header: { namespace: string; name: string };
    payload: { type?: string; endpoints?: { endpointId: string }[] };
  };
  context?: { properties: { name: string; value: unknown }[] };
  version?: string;
  response?: object;
}
type Handler = (event: object) => Promise<Answer>;

const acme = createAcmePlugCloud();
const key = generateTestKey('floor-key');
const ADA = accessTokenClaims().sub as string;
const BOB = '0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f';
const token = (claims: Record<string, unknown> = {}) =>
  signRs256(key, accessTokenClaims({ sub: ADA, username: ADA, ...claims }));
const errorType = (answer: Answer) => [answer.event?.header.name, answer.event?.payload.type];

let work: string;
let jwks: LoopbackServer;
let cloud: HostsOnLoopback;
let realFetch: typeof fetch;
let handler: Handler;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'smart-home-example-floor-'));
  const bundleDir = path.dirname(
    // The entry and recipe the bench builds the floor with.
    await buildBundle(SMART_HOME_EXAMPLE_FLOOR, 'cognito', work)
  );
  jwks = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  routeCognitoToLoopback(jwks);
  cloud = await startHostsOnLoopback([ACME_CLOUD_HOST], acme.handle);
  realFetch = globalThis.fetch;
  globalThis.fetch = cloud.fetch;
  handler = loadBundledHandler(
    { bundleDir, handlerName: 'index.handler' },
    {
      SKILL_ID,
      USER_POOL_ID,
      USER_POOL_CLIENT_ID: CLIENT_ID,
      ACME_CLOUD_URL: `https://${ACME_CLOUD_HOST}/v1`,
    }
  ) as unknown as Handler;
}, 60_000);

beforeEach(() => acme.reset(ADA, BOB));

afterAll(async () => {
  if (realFetch) globalThis.fetch = realFetch;
  restoreCognitoRouting();
  await Promise.all([jwks?.close(), cloud?.close()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the smart home example's bench floor does the example's job", () => {
  test("Discover lists the user's plugs, asked for that user only", async () => {
    const { event } = await handler(discover(token()));
    expect(event?.header.name).toBe('Discover.Response');
    expect(event?.payload.endpoints?.map((e) => e.endpointId)).toEqual(['plug-desk', 'plug-porch']);
    expect(acme.calls).toEqual([`GET /v1/users/${ADA}/devices`]);
  });

  test('TurnOn switches the plug and answers with its powerState; ReportState reads it back', async () => {
    const on = await handler(turnOn(token(), 'plug-desk'));
    expect(on.event?.header.name).toBe('Response');
    expect(on.context?.properties.map(({ name, value }) => [name, value])).toEqual([
      ['powerState', 'ON'],
    ]);
    const state = await handler(reportState(token(), 'plug-desk'));
    expect(state.event?.header.name).toBe('StateReport');
    expect(acme.plugs[ADA]?.['plug-desk']?.power).toBe('on');
  });

  test("an offline plug is ENDPOINT_UNREACHABLE, another user's NO_SUCH_ENDPOINT", async () => {
    expect(errorType(await handler(turnOn(token(), 'plug-porch')))).toEqual([
      'ErrorResponse',
      'ENDPOINT_UNREACHABLE',
    ]);
    expect(errorType(await handler(turnOn(token(), 'plug-garage')))).toEqual([
      'ErrorResponse',
      'NO_SUCH_ENDPOINT',
    ]);
    expect(acme.plugs[BOB]?.['plug-garage']?.power).toBe('off');
  });

  test.each([
    [
      'an expired token',
      { exp: Math.floor(Date.now() / 1000) - 60 },
      'EXPIRED_AUTHORIZATION_CREDENTIAL',
    ],
    ["another client's token", { client_id: 'other' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
  ])(
    '%s is refused as the example refuses it, and the cloud is not called',
    async (_case, claims, type) => {
      expect(errorType(await handler(turnOn(token(claims), 'plug-desk')))).toEqual([
        'ErrorResponse',
        type,
      ]);
      expect(acme.calls).toEqual([]);
    }
  );

  test('AcceptGrant is acknowledged', async () => {
    expect((await handler(acceptGrant(token()))).event?.header.name).toBe('AcceptGrant.Response');
  });

  test('SkillDisabled with NOT_PERSISTED makes the cloud forget the Alexa link, and is acknowledged', async () => {
    const answer = await handler(skillDisabled('amzn1.ask.account.ada', 'NOT_PERSISTED', token()));
    expect(answer).toEqual({ version: '1.0', response: {} });
    expect(acme.calls).toEqual([`DELETE /v1/users/${ADA}/alexa-link`]);
    expect([...acme.alexaLinks]).toEqual([BOB]);
  });

  test('a skill event for another skill forgets nobody', async () => {
    const event = skillDisabled('amzn1.ask.account.ada', 'NOT_PERSISTED', token());
    event.context.System.application.applicationId = 'amzn1.ask.skill.another';
    await expect(handler(event)).rejects.toThrow();
    expect(acme.calls).toEqual([]);
  });
});
