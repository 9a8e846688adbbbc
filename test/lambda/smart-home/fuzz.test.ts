/**
 * Property-based: whatever Lambda is handed (a directive of any namespace and name, any payload,
 * any endpoint ID, any token, or no directive at all), the smart home handler answers with a
 * well-formed event and never throws; a valid token never earns a credential error, and a string
 * correlation token is always echoed. SMART_HOME_FUZZ_RUNS sets the case count.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import type { DirectiveHandler } from '../../../lambda/runtime/smart-home/handle-directive';
import { starterEndpointId } from '../../../lambda/runtime/smart-home/handle-directive';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { generateTestKey } from '../../support/jwt';
import {
  EVENTS_CREDENTIALS,
  GOOD_GRANT_CODE,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-token-stand-in';
import { assertWellFormedEvent } from '../../support/smart-home-events';
import {
  buildHandler,
  cognitoVerifierWith,
  freshDeviceTable,
  grantExchangeAt,
  tokenFor,
} from '../../support/smart-home-harness';

const RUNS = Number(process.env.SMART_HOME_FUZZ_RUNS ?? 1500);
const key = generateTestKey('fuzz-sh-key');
const USER = '7a7a7a7a-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const VALID = tokenFor(key, USER);
const EXPIRED = tokenFor(key, USER, { exp: Math.floor(Date.now() / 1000) - 60 });
const LAMP = starterEndpointId(USER);
const CREDENTIAL_ERRORS = ['EXPIRED_AUTHORIZATION_CREDENTIAL', 'INVALID_AUTHORIZATION_CREDENTIAL'];

const SUPPORTED: [string, string][] = [
  ['Alexa.Authorization', 'AcceptGrant'],
  ['Alexa.Discovery', 'Discover'],
  ['Alexa.PowerController', 'TurnOn'],
  ['Alexa.PowerController', 'TurnOff'],
  ['Alexa.BrightnessController', 'SetBrightness'],
  ['Alexa.BrightnessController', 'AdjustBrightness'],
  ['Alexa', 'ReportState'],
];

const token = fc.oneof(
  fc.constant(VALID),
  fc.constant(EXPIRED),
  fc.constant(undefined),
  fc.string(),
  fc.anything()
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const scope = fc.record(
  { type: fc.oneof(fc.constant('BearerToken'), fc.string()), token },
  { requiredKeys: [] }
);
const number = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.double(),
  fc.string(),
  fc.constant(null)
);

const directive = fc
  .record({
    names: fc.oneof(
      fc.constantFrom(...SUPPORTED),
      fc.tuple(fc.string(), fc.string()),
      fc.tuple(fc.constantFrom(...SUPPORTED.map(([ns]) => ns)), fc.string())
    ),
    payloadVersion: fc.oneof(fc.constant('3'), fc.constant(3), fc.string()),
    correlationToken: maybe(fc.oneof(fc.string({ minLength: 1 }), fc.anything())),
    endpointId: maybe(
      fc.oneof(fc.constant(LAMP), fc.constant('lamp-somebody-else'), fc.string(), fc.anything())
    ),
    endpointScope: maybe(scope),
    payload: fc.oneof(
      fc.record(
        {
          scope,
          grantee: scope,
          grant: fc.record(
            {
              type: fc.oneof(fc.constant('OAuth2.AuthorizationCode'), fc.string()),
              code: fc.oneof(fc.constant(GOOD_GRANT_CODE), fc.string()),
            },
            { requiredKeys: [] }
          ),
          brightness: number,
          brightnessDelta: number,
        },
        { requiredKeys: [] }
      ),
      fc.anything()
    ),
  })
  .map(
    ({
      names: [namespace, name],
      payloadVersion,
      correlationToken,
      endpointId,
      endpointScope,
      payload,
    }) => ({
      directive: {
        header: { namespace, name, payloadVersion, messageId: 'fuzz', correlationToken },
        endpoint:
          endpointId === undefined && endpointScope === undefined
            ? undefined
            : { endpointId, scope: endpointScope },
        payload,
      },
    })
  );

/** Directives as Alexa sends them, with the token, endpoint ID and values drawn at random. */
const wellFormed = fc
  .record({
    names: fc.constantFrom(...SUPPORTED),
    token: fc.oneof(fc.constant(VALID), fc.constant(VALID), fc.constant(EXPIRED), fc.string()),
    endpointId: fc.oneof(
      fc.constant(LAMP),
      fc.constant(LAMP),
      fc.constant('lamp-somebody-else'),
      fc.string()
    ),
    correlationToken: maybe(fc.string({ minLength: 1 })),
    value: fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: 0, max: 100 }), number),
    code: fc.oneof(fc.constant(GOOD_GRANT_CODE), fc.string({ minLength: 1 })),
  })
  .map(({ names: [namespace, name], token, endpointId, correlationToken, value, code }) => {
    const header = { namespace, name, payloadVersion: '3', messageId: 'fuzz', correlationToken };
    const bearer = { type: 'BearerToken', token };
    if (name === 'AcceptGrant') {
      return {
        directive: {
          header,
          payload: { grant: { type: 'OAuth2.AuthorizationCode', code }, grantee: bearer },
        },
      };
    }
    if (name === 'Discover') return { directive: { header, payload: { scope: bearer } } };
    const payload =
      name === 'SetBrightness'
        ? { brightness: value }
        : name === 'AdjustBrightness'
          ? { brightnessDelta: value }
          : {};
    return { directive: { header, endpoint: { endpointId, scope: bearer, cookie: {} }, payload } };
  });

const secretsManager = mockClient(SecretsManagerClient);
let dynamo: LocalDynamo;
let lwa: LwaStandIn;
let handler: DirectiveHandler;

beforeAll(async () => {
  [dynamo, lwa] = await Promise.all([startDynalite(), startLwaStandIn()]);
  secretsManager
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
  handler = buildHandler({
    verifier: cognitoVerifierWith(key),
    dynamo,
    tableName: await freshDeviceTable(dynamo),
    grantExchange: grantExchangeAt(lwa.tokenUrl),
  });
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), lwa.close()]));

function tokenOf(input: unknown): unknown {
  const d = (input as { directive?: Record<string, unknown> } | null)?.directive;
  const payload = d?.payload as Record<string, { token?: unknown }> | undefined;
  const endpoint = d?.endpoint as { scope?: { token?: unknown } } | undefined;
  return [payload?.grantee?.token, payload?.scope?.token, endpoint?.scope?.token];
}

describe('fuzz', () => {
  test('any directive gets a well-formed event, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 6, arbitrary: wellFormed },
          { weight: 3, arbitrary: directive },
          { weight: 1, arbitrary: fc.anything() }
        ),
        async (input) => {
          const event = await handler(input);
          assertWellFormedEvent(event);
          const header = (input as { directive?: { header?: { correlationToken?: unknown } } })
            ?.directive?.header;
          const sent = header?.correlationToken;
          if (typeof sent === 'string' && sent !== '' && sent.length <= 8192) {
            expect(event.event.header.correlationToken).toBe(sent);
          } else {
            expect(event.event.header.correlationToken).toBeUndefined();
          }
          // Only an expired or bad token may cost the user their link.
          const tokens = tokenOf(input) as unknown[];
          if (CREDENTIAL_ERRORS.includes(String(event.event.payload.type))) {
            expect(tokens.some((t) => t !== VALID)).toBe(true);
          }
          if (event.event.payload.type === 'EXPIRED_AUTHORIZATION_CREDENTIAL') {
            expect(tokens).toContain(EXPIRED);
          }
        }
      ),
      { numRuns: RUNS }
    );
  }, 180_000);
});
