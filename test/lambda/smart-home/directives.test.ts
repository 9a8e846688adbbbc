/**
 * Every directive and error path of the smart home handler, through the real Cognito verifier
 * (RS256 tokens signed here) and a real DynamoDB-compatible server on loopback whose table comes
 * from the synthesized template.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbDeviceStore } from '../../../lambda/adapters/device-store-dynamodb';
import { subjectPartition } from '../../../lambda/core/smart-home/device-table-keys';
import { createAccessTokenVerifier } from '../../../lambda/verifiers/cognito/access-token-verifier';
import { createJwksFetcher } from '../../../lambda/verifiers/shared/jwks-fetcher';
import { cognitoLinkingVerifier } from '../../../lambda/verifiers/cognito/cognito-linking-verifier';
import {
  starterEndpointId,
  type DirectiveHandler,
} from '../../../lambda/runtime/smart-home/handle-directive';
import {
  CORRELATION_TOKEN,
  adjustBrightness,
  discover,
  reportState,
  setBrightness,
  turnOff,
  turnOn,
} from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  hs256WithPublicKey,
  signRs256,
  unsignedToken,
} from '../../support/jwt';
import {
  loopbackRequestOptions,
  startHttpsServer,
  type LoopbackServer,
} from '../../support/loopback';
import {
  ISO_MS_Z,
  UUID,
  assertWellFormedEvent,
  property,
  type SmartHomeEvent,
} from '../../support/smart-home-events';
import {
  buildHandler,
  NO_PROFILES,
  cognitoVerifierWith,
  freshDeviceTable,
  tokenFor,
} from '../../support/smart-home-harness';

const key = generateTestKey('smart-home-key');
const USER_A = '1a1a1a1a-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const USER_B = '2b2b2b2b-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const tokenA = tokenFor(key, USER_A);
const tokenB = tokenFor(key, USER_B);
const nowSeconds = Math.floor(Date.now() / 1000);

let dynamo: LocalDynamo;
let tableName: string;
let handler: DirectiveHandler;

/** Invokes the handler and checks the event's structure before the test looks at it. */
async function send(envelope: unknown, through: DirectiveHandler = handler) {
  const event = await through(envelope);
  assertWellFormedEvent(event);
  return event;
}

async function lampOf(token: string): Promise<string> {
  const event = await send(discover(token));
  const [endpoint] = event.event.payload.endpoints as { endpointId: string }[];
  if (!endpoint) throw new Error('no endpoint discovered');
  return endpoint.endpointId;
}

function errorOf(event: SmartHomeEvent) {
  return {
    namespace: event.event.header.namespace,
    name: event.event.header.name,
    type: event.event.payload.type,
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
}, 60_000);
afterAll(() => dynamo.close());
beforeEach(async () => {
  tableName = await freshDeviceTable(dynamo);
  handler = buildHandler({ verifier: cognitoVerifierWith(key), dynamo, tableName });
});

describe('Discover', () => {
  test('gives a new user one virtual Smart Lamp, and the same one on every later discovery', async () => {
    const event = await send(discover(tokenA));
    expect(event.event.header).toEqual({
      namespace: 'Alexa.Discovery',
      name: 'Discover.Response',
      payloadVersion: '3',
      messageId: expect.stringMatching(UUID),
    });
    expect(event.context).toBeUndefined();
    const capability = (iface: string, name: string) => ({
      type: 'AlexaInterface',
      interface: iface,
      version: '3',
      properties: { supported: [{ name }], proactivelyReported: false, retrievable: true },
    });
    expect(event.event.payload).toEqual({
      endpoints: [
        {
          endpointId: starterEndpointId(USER_A),
          manufacturerName: 'alexa-account-linking',
          friendlyName: 'Smart Lamp',
          description: 'Virtual lamp by alexa-account-linking',
          displayCategories: ['LIGHT'],
          cookie: {},
          capabilities: [
            { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
            capability('Alexa.PowerController', 'powerState'),
            capability('Alexa.BrightnessController', 'brightness'),
            capability('Alexa.EndpointHealth', 'connectivity'),
          ],
        },
      ],
    });
    const again = await send(discover(tokenA));
    expect(again.event.payload).toEqual(event.event.payload);
    expect(again.event.header.messageId).not.toBe(event.event.header.messageId);
  });

  test("the lamp's endpoint ID obeys Alexa's rules: no dots, spaces or slashes, at most 256 characters", async () => {
    const endpointId = await lampOf(tokenA);
    expect(endpointId).toMatch(/^[A-Za-z0-9_\-=#;:?@&]{1,256}$/);
    expect(endpointId).not.toContain(USER_A);
    expect(await lampOf(tokenB)).not.toBe(endpointId);
  });

  test('two racing discoveries for a new user still add one lamp', async () => {
    const events = await Promise.all([send(discover(tokenA)), send(discover(tokenA))]);
    for (const event of events) expect(event.event.payload.endpoints).toHaveLength(1);
    expect((await send(discover(tokenA))).event.payload.endpoints).toHaveLength(1);
  });
});

describe('control and ReportState', () => {
  test('TurnOn answers Alexa.Response with the new state, echoing the correlation token', async () => {
    const endpointId = await lampOf(tokenA);
    const event = await send(turnOn(tokenA, endpointId));
    expect(event.event.header).toEqual({
      namespace: 'Alexa',
      name: 'Response',
      payloadVersion: '3',
      messageId: expect.stringMatching(UUID),
      correlationToken: CORRELATION_TOKEN,
    });
    expect(event.event.endpoint).toEqual({ endpointId });
    expect(event.event.payload).toEqual({});
    const sample = {
      timeOfSample: expect.stringMatching(ISO_MS_Z),
      uncertaintyInMilliseconds: 0,
    };
    expect(event.context?.properties).toEqual([
      { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON', ...sample },
      { namespace: 'Alexa.BrightnessController', name: 'brightness', value: 100, ...sample },
      {
        namespace: 'Alexa.EndpointHealth',
        name: 'connectivity',
        value: { value: 'OK' },
        ...sample,
      },
    ]);
    const sampled = Date.parse(property(event, 'powerState').timeOfSample as string);
    expect(Math.abs(sampled - Date.now())).toBeLessThan(60_000);
  });

  test('TurnOff, SetBrightness and AdjustBrightness change the stored state; ReportState reads it', async () => {
    const endpointId = await lampOf(tokenA);
    await send(turnOn(tokenA, endpointId));
    expect(property(await send(turnOff(tokenA, endpointId)), 'powerState').value).toBe('OFF');
    expect(property(await send(setBrightness(tokenA, endpointId, 40)), 'brightness').value).toBe(
      40
    );
    expect(
      property(await send(adjustBrightness(tokenA, endpointId, -25)), 'brightness').value
    ).toBe(15);

    const report = await send(reportState(tokenA, endpointId));
    expect(report.event.header).toMatchObject({
      namespace: 'Alexa',
      name: 'StateReport',
      correlationToken: CORRELATION_TOKEN,
    });
    expect(report.event.endpoint).toEqual({ endpointId });
    expect(property(report, 'powerState').value).toBe('OFF');
    expect(property(report, 'brightness').value).toBe(15);
    expect(property(report, 'connectivity').value).toEqual({ value: 'OK' });
  });

  test.each([
    [30, -50, 0],
    [30, 250, 100],
    [0, -1, 0],
    [100, 1, 100],
    [50, 0, 50],
  ])('AdjustBrightness from %i by %i is clamped to %i', async (from, delta, expected) => {
    const endpointId = await lampOf(tokenA);
    await send(setBrightness(tokenA, endpointId, from));
    const event = await send(adjustBrightness(tokenA, endpointId, delta));
    expect(property(event, 'brightness').value).toBe(expected);
  });

  test.each([101, 150, -1])(
    'SetBrightness %i is VALUE_OUT_OF_RANGE with the valid range, and changes nothing',
    async (brightness) => {
      const endpointId = await lampOf(tokenA);
      await send(setBrightness(tokenA, endpointId, 60));
      const event = await send(setBrightness(tokenA, endpointId, brightness));
      expect(event.event).toEqual({
        header: {
          namespace: 'Alexa',
          name: 'ErrorResponse',
          payloadVersion: '3',
          messageId: expect.stringMatching(UUID),
          correlationToken: CORRELATION_TOKEN,
        },
        endpoint: { endpointId },
        payload: {
          type: 'VALUE_OUT_OF_RANGE',
          message: 'Brightness must be between 0 and 100.',
          validRange: { minimumValue: 0, maximumValue: 100 },
        },
      });
      expect(event.context).toBeUndefined();
      expect(property(await send(reportState(tokenA, endpointId)), 'brightness').value).toBe(60);
    }
  );

  test('concurrent changes to one lamp are all applied (no lost update)', async () => {
    const endpointId = await lampOf(tokenA);
    await send(setBrightness(tokenA, endpointId, 50));
    await Promise.all([
      send(adjustBrightness(tokenA, endpointId, 10)),
      send(adjustBrightness(tokenA, endpointId, 10)),
    ]);
    expect(property(await send(reportState(tokenA, endpointId)), 'brightness').value).toBe(70);
  });
});

describe('two users', () => {
  test("user B's token with user A's endpoint ID gets NO_SUCH_ENDPOINT and changes nothing", async () => {
    const lampA = await lampOf(tokenA);
    await lampOf(tokenB);
    await send(setBrightness(tokenA, lampA, 33));
    const stored = () =>
      dynamo.client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { userId: { S: subjectPartition(USER_A) }, itemId: { S: `endpoint#${lampA}` } },
          ConsistentRead: true,
        })
      );
    const before = (await stored()).Item;

    for (const directive of [
      turnOn(tokenB, lampA),
      turnOff(tokenB, lampA),
      setBrightness(tokenB, lampA, 90),
      setBrightness(tokenB, lampA, 150),
      adjustBrightness(tokenB, lampA, 40),
      reportState(tokenB, lampA),
    ]) {
      const event = await send(directive);
      expect(event.event.payload).toEqual({
        type: 'NO_SUCH_ENDPOINT',
        message: 'The linked account has no endpoint with this ID.',
      });
      expect(event.event.endpoint).toEqual({ endpointId: lampA });
      expect(event.context).toBeUndefined();
    }
    expect((await stored()).Item).toEqual(before);
    const report = await send(reportState(tokenA, lampA));
    expect(property(report, 'powerState').value).toBe('OFF');
    expect(property(report, 'brightness').value).toBe(33);
  });

  test('an endpoint ID nobody owns is NO_SUCH_ENDPOINT, not created', async () => {
    const event = await send(turnOn(tokenA, 'lamp-nobody'));
    expect(event.event.payload.type).toBe('NO_SUCH_ENDPOINT');
    expect((await send(discover(tokenA))).event.payload.endpoints).toHaveLength(1);
  });
});

describe('tokens: only a token that is itself at fault unlinks the user', () => {
  const claims = accessTokenClaims({ sub: USER_A });
  const otherKey = generateTestKey('smart-home-key'); // same kid, different key
  test.each([
    [
      'an expired token',
      'EXPIRED_AUTHORIZATION_CREDENTIAL',
      signRs256(key, { ...claims, exp: nowSeconds - 60 }),
    ],
    [
      'a token for another client',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      signRs256(key, { ...claims, client_id: 'another' }),
    ],
    [
      'an ID token',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      signRs256(key, { ...claims, token_use: 'id' }),
    ],
    [
      'a token from another issuer',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      signRs256(key, {
        ...claims,
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
      }),
    ],
    [
      'a token signed by another key',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      signRs256(otherKey, claims),
    ],
    ['an unsigned token', 'INVALID_AUTHORIZATION_CREDENTIAL', unsignedToken(key.kid, claims)],
    [
      'an HS256 key-confusion token',
      'INVALID_AUTHORIZATION_CREDENTIAL',
      hs256WithPublicKey(key, claims),
    ],
    ['an opaque string', 'INVALID_AUTHORIZATION_CREDENTIAL', 'not-a-jwt-at-all'],
    [
      'a token from the future (clock skew, not forgery)',
      'INTERNAL_ERROR',
      signRs256(key, { ...claims, nbf: nowSeconds + 600 }),
    ],
    ['no token', 'INVALID_DIRECTIVE', undefined],
  ])('%s gets %s on every directive', async (_case, type, token) => {
    const lamp = await lampOf(tokenA);
    for (const directive of [
      discover(token),
      turnOn(token, lamp),
      setBrightness(token, lamp, 10),
      adjustBrightness(token, lamp, 10),
      reportState(token, lamp),
    ]) {
      const event = await send(directive);
      expect(errorOf(event)).toEqual({ namespace: 'Alexa', name: 'ErrorResponse', type });
      expect(event.context).toBeUndefined();
    }
    // Nothing changed: the lamp is still off at full brightness.
    const report = await send(reportState(tokenA, lamp));
    expect(property(report, 'powerState').value).toBe('OFF');
    expect(property(report, 'brightness').value).toBe(100);
  });
});

describe('outages are INTERNAL_ERROR, never a credential error', () => {
  let down: LoopbackServer;
  beforeAll(async () => {
    down = await startHttpsServer((_req, res) => {
      res.writeHead(503);
      res.end('unavailable');
    });
  });
  afterAll(() => down.close());

  test('a JWKS outage: the key set cannot be fetched', async () => {
    const verifier = createAccessTokenVerifier(
      { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID },
      { fetcher: createJwksFetcher({ requestOptions: loopbackRequestOptions(down) }) }
    );
    const outage = buildHandler({
      verifier: cognitoLinkingVerifier(verifier, NO_PROFILES),
      dynamo,
      tableName,
    });
    for (const directive of [
      discover(tokenA),
      turnOn(tokenA, 'lamp-1'),
      reportState(tokenA, 'lamp-1'),
    ]) {
      const event = await send(directive, outage);
      expect(errorOf(event)).toEqual({
        namespace: 'Alexa',
        name: 'ErrorResponse',
        type: 'INTERNAL_ERROR',
      });
    }
    expect(down.hits.length).toBeGreaterThan(0);
  });

  test('a DynamoDB failure: the table is missing', async () => {
    const broken = buildHandler({
      verifier: cognitoVerifierWith(key),
      dynamo,
      tableName: 'no-such-table',
    });
    for (const directive of [
      discover(tokenA),
      turnOn(tokenA, 'lamp-1'),
      reportState(tokenA, 'lamp-1'),
    ]) {
      expect(errorOf(await send(directive, broken)).type).toBe('INTERNAL_ERROR');
    }
  });

  test('a DynamoDB outage: nothing listens on the endpoint', async () => {
    const other = await startDynalite();
    const table = await freshDeviceTable(other);
    const store = createDynamoDbDeviceStore({ client: other.client, tableName: table });
    await other.close();
    const unreachable = buildHandler({ verifier: cognitoVerifierWith(key), devices: store });
    expect(errorOf(await send(discover(tokenA), unreachable)).type).toBe('INTERNAL_ERROR');
  });

  test('a verifier that fails in a way it does not recognise', async () => {
    const faulty = buildHandler({
      verifier: {
        decide: () => Promise.reject(new TypeError('unexpected verifier state')),
        profileOf: () => Promise.resolve(undefined),
      },
      dynamo,
      tableName,
    });
    expect(errorOf(await send(turnOn(tokenA, 'lamp-1'), faulty)).type).toBe('INTERNAL_ERROR');
  });
});

describe('INVALID_DIRECTIVE for what the skill does not support or cannot read', () => {
  const lamp = 'lamp-0123';
  test.each<[string, unknown]>([
    [
      'an unsupported namespace',
      {
        directive: {
          header: {
            namespace: 'Alexa.ThermostatController',
            name: 'SetTargetTemperature',
            payloadVersion: '3',
            messageId: 'm',
            correlationToken: CORRELATION_TOKEN,
          },
          endpoint: { endpointId: lamp, scope: { type: 'BearerToken', token: tokenA } },
          payload: {},
        },
      },
    ],
    [
      'an unsupported directive of a supported namespace',
      {
        directive: {
          header: {
            namespace: 'Alexa.PowerController',
            name: 'Toggle',
            payloadVersion: '3',
            messageId: 'm',
            correlationToken: CORRELATION_TOKEN,
          },
          endpoint: { endpointId: lamp, scope: { type: 'BearerToken', token: tokenA } },
          payload: {},
        },
      },
    ],
    [
      'payload version 2',
      (() => {
        const d = turnOn(tokenA, lamp);
        (d.directive.header as Record<string, unknown>).payloadVersion = '2';
        return d;
      })(),
    ],
    ['a brightness that is not a number', setBrightness(tokenA, lamp, '50')],
    ['a brightness that is not an integer', setBrightness(tokenA, lamp, 50.5)],
    ['a delta that is not a number', adjustBrightness(tokenA, lamp, null)],
    ['an endpoint ID with a slash', turnOn(tokenA, 'lamp/1')],
    ['an endpoint ID with a space', turnOn(tokenA, 'lamp 1')],
    ['an endpoint ID of 257 characters', turnOn(tokenA, 'a'.repeat(257))],
  ])('%s', async (_case, envelope) => {
    const event = await send(envelope);
    expect(errorOf(event)).toEqual({
      namespace: 'Alexa',
      name: 'ErrorResponse',
      type: 'INVALID_DIRECTIVE',
    });
    expect(event.event.header.correlationToken).toBe(CORRELATION_TOKEN);
    expect(event.event.payload.message).toMatch(/^Unsupported or malformed directive: /);
  });

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['a string', 'TurnOn'],
    ['an array', []],
    ['a custom skill request', { version: '1.0', request: { type: 'LaunchRequest' } }],
    ['a directive without a header', { directive: { payload: {} } }],
  ])(
    '%s gets INVALID_DIRECTIVE with no endpoint and no correlation token',
    async (_case, input) => {
      const event = await send(input);
      expect(event.event.header).toEqual({
        namespace: 'Alexa',
        name: 'ErrorResponse',
        payloadVersion: '3',
        messageId: expect.stringMatching(UUID),
      });
      expect(event.event.endpoint).toBeUndefined();
      expect(event.event.payload.type).toBe('INVALID_DIRECTIVE');
    }
  );
});
