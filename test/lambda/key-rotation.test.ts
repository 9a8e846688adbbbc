/**
 * Key rotation and key-set outages as a deployed skill meets them, for both JWT linking servers
 * (Cognito and OIDC): real RS256 keys, the real aws-jwt-verify behind the production key-set
 * cache and fetcher, a loopback JWKS endpoint that rotates late and fails then recovers, and
 * the two skills driven as Alexa drives them (the smart home directive handler on dynalite, the
 * custom skill through skill.invoke). The clock of the refetch limit and the cooldown is
 * injected, so no test sleeps through a wait period.
 *
 * What must hold: a valid token is never answered INVALID_AUTHORIZATION_CREDENTIAL (Alexa would
 * delete the user's link) nor the LinkAccount card; random key IDs never make each request fetch
 * the key set; a key the server publishes late, or an endpoint that comes back, is used within
 * seconds.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { buildSkill } from '../../lambda/custom-skill/build-skill';
import type { DirectiveHandler } from '../../lambda/runtime/smart-home/handle-directive';
import { linkingVerifierFor, type LinkingVerifier } from '../../lambda/verifiers';
import { createJwksFetcher } from '../../lambda/verifiers/shared/jwks-fetcher';
import { discover } from '../support/directives';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { launchRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
  type TestKey,
} from '../support/jwt';
import {
  loopbackRequestOptions,
  sendJson,
  startHttpsServer,
  testTlsMaterial,
  type LoopbackServer,
} from '../support/loopback';
import { assertWellFormedEvent } from '../support/smart-home-events';
import { buildHandler, freshDeviceTable, smartHomeTemplate } from '../support/smart-home-harness';

const oldKey = generateTestKey('key-2025');
const newKey = generateTestKey('key-2026');

const OIDC_ISSUER = 'https://tenant.eu.auth0.example/';
const OIDC_AUDIENCE = 'https://api.linked-greeter.example';
const OIDC_CLIENT_ID = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const OIDC_JWKS_PATH = '/tenant/.well-known/jwks.json';
const nowSeconds = () => Math.floor(Date.now() / 1000);

const UNVERIFIABLE =
  "<speak>Sorry, I can't check your Linked Greeter account right now. Please try again in a moment.</speak>";
const LINKED = '<speak>Welcome back! You can ask me which account is linked, or say stop.</speak>';

/** The JWKS endpoint: what it publishes, and whether it answers. */
const endpoint = { published: [oldKey] as TestKey[], down: false };
let jwksServer: LoopbackServer;
let dynamo: LocalDynamo;
let template: ReturnType<typeof smartHomeTemplate>;
beforeAll(async () => {
  template = smartHomeTemplate();
  [jwksServer, dynamo] = await Promise.all([
    startHttpsServer((_req, res) =>
      endpoint.down
        ? sendJson(res, 503, { message: 'Service Unavailable' })
        : sendJson(res, 200, jwksOf(...endpoint.published))
    ),
    startDynalite(),
  ]);
}, 60_000);
afterAll(() => Promise.all([jwksServer.close(), dynamo.close()]));

interface JwtServer {
  readonly name: string;
  /** The verifier as the entry builds it, its key set fetched from loopback, on the given clock. */
  verifier(now: () => number): LinkingVerifier;
  /** A valid access token for the Alexa client, signed with the key (its kid unless overridden). */
  token(key: TestKey, kid?: string): string;
}

const silent = { warn: () => undefined };
const JWT_SERVERS: JwtServer[] = [
  {
    name: 'cognito',
    verifier: (now) =>
      linkingVerifierFor(
        {
          linkingServer: 'cognito',
          userPoolId: USER_POOL_ID,
          userPoolClientId: CLIENT_ID,
          signInDomainUrl: 'http://127.0.0.1:9',
        },
        {
          logger: silent,
          cognito: {
            now,
            fetcher: createJwksFetcher({ requestOptions: loopbackRequestOptions(jwksServer), now }),
            // Profiles are not what this file is about: the greeting stays neutral.
            onProfileFailure: () => undefined,
          },
        }
      ),
    token: (key, kid) => signRs256(key, accessTokenClaims(), kid === undefined ? {} : { kid }),
  },
  {
    name: 'oidc',
    verifier: (now) =>
      linkingVerifierFor(
        {
          linkingServer: 'oidc',
          oidcIssuer: OIDC_ISSUER,
          oidcAudience: OIDC_AUDIENCE,
          oidcClientId: OIDC_CLIENT_ID,
          oidcJwksUrl: `${jwksServer.url}${OIDC_JWKS_PATH}`,
        },
        {
          logger: silent,
          oidc: {
            now,
            fetcher: createJwksFetcher({ requestOptions: { ca: testTlsMaterial().cert }, now }),
          },
        }
      ),
    token: (key, kid) =>
      signRs256(
        key,
        {
          iss: OIDC_ISSUER,
          sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
          aud: [OIDC_AUDIENCE, `${OIDC_ISSUER}userinfo`],
          azp: OIDC_CLIENT_ID,
          iat: nowSeconds() - 60,
          exp: nowSeconds() + 3600,
          scope: 'openid profile email offline_access',
        },
        kid === undefined ? {} : { kid }
      ),
  },
];

describe.each(JWT_SERVERS)('$name', (server) => {
  let clock: number;
  let smartHome: DirectiveHandler;
  let skill: { invoke(envelope: ReturnType<typeof launchRequest>): Promise<ResponseEnvelope> };

  beforeEach(async () => {
    endpoint.published = [oldKey];
    endpoint.down = false;
    jwksServer.hits.length = 0;
    clock = 1_000_000;
    // One verifier per container, shared by both skills here so the fetch counts add up.
    const verifier = server.verifier(() => clock);
    smartHome = buildHandler({
      verifier,
      dynamo,
      tableName: await freshDeviceTable(dynamo, template),
    });
    skill = buildSkill({
      skillId: SKILL_ID,
      verifier,
      logger: new Logger({ serviceName: 'key-rotation-test', logLevel: 'SILENT' }),
    });
  });

  /** What Alexa gets for a Discover directive: the event's name, or the error type. */
  async function discoverAnswer(token: string): Promise<string> {
    const event = await smartHome(discover(token));
    assertWellFormedEvent(event);
    return event.event.header.name === 'ErrorResponse'
      ? String(event.event.payload.type)
      : event.event.header.name;
  }
  async function launch(token: string): Promise<{ ssml: string; card: boolean }> {
    const { response } = await skill.invoke(launchRequest({ accessToken: token }));
    return {
      ssml: (response.outputSpeech as { ssml: string }).ssml,
      card: response.card !== undefined,
    };
  }
  const fetches = () => jwksServer.hits.length;

  test('a rotation the key set publishes late: "try again" until it does, then the new key verifies within 2 s', async () => {
    // A warm container: the old key set is cached.
    expect(await discoverAnswer(server.token(oldKey))).toBe('Discover.Response');
    expect(fetches()).toBe(1);

    // The server signs with a new key; the key set (a CDN) still serves the old one. One refetch.
    const rotated = server.token(newKey);
    expect(await discoverAnswer(rotated)).toBe('INTERNAL_ERROR');
    expect(fetches()).toBe(2);
    expect(await launch(rotated)).toStrictEqual({ ssml: UNVERIFIABLE, card: false });

    // Random key IDs, one after another: no fetch each, and still no credential error.
    for (let i = 0; i < 20; i += 1) {
      expect(await discoverAnswer(server.token(newKey, `random-${i}`))).toBe('INTERNAL_ERROR');
    }
    expect(fetches()).toBe(2);
    // The old key keeps verifying from the cache meanwhile.
    expect(await discoverAnswer(server.token(oldKey))).toBe('Discover.Response');

    // The key set catches up. Inside the interval nothing is fetched yet...
    endpoint.published = [oldKey, newKey];
    clock += 1999;
    expect(await discoverAnswer(rotated)).toBe('INTERNAL_ERROR');
    expect(fetches()).toBe(2);
    // ...and the first request after it fetches once and verifies.
    clock += 1;
    expect(await discoverAnswer(rotated)).toBe('Discover.Response');
    expect(fetches()).toBe(3);
    expect(await launch(rotated)).toStrictEqual({ ssml: LINKED, card: false });
    expect(await discoverAnswer(server.token(oldKey))).toBe('Discover.Response');
    expect(fetches()).toBe(3);
  });

  test('a refetch that finds the new key lifts the limit: the next random key ID is asked about again', async () => {
    endpoint.published = [oldKey, newKey];
    expect(await discoverAnswer(server.token(newKey))).toBe('Discover.Response');
    expect(fetches()).toBe(1);
    expect(await discoverAnswer(server.token(newKey, 'random-1'))).toBe('INTERNAL_ERROR');
    expect(await discoverAnswer(server.token(newKey, 'random-2'))).toBe('INTERNAL_ERROR');
    expect(fetches()).toBe(2);
  });

  test('a key-set outage on a cold start: "try again", no fetch during the 2 s cooldown, linked as soon as it is over', async () => {
    endpoint.down = true;
    const token = server.token(oldKey);
    expect(await discoverAnswer(token)).toBe('INTERNAL_ERROR');
    expect(await launch(token)).toStrictEqual({ ssml: UNVERIFIABLE, card: false });
    // One fetch (a 503 is not retried by aws-jwt-verify), then the cooldown: the second request
    // fetched nothing.
    expect(fetches()).toBe(1);

    // The endpoint is back; the cooldown is not over yet.
    endpoint.down = false;
    clock += 1999;
    expect(await discoverAnswer(token)).toBe('INTERNAL_ERROR');
    expect(fetches()).toBe(1);
    clock += 1;
    expect(await discoverAnswer(token)).toBe('Discover.Response');
    expect(await launch(token)).toStrictEqual({ ssml: LINKED, card: false });
    expect(fetches()).toBe(2);
  });

  test('a warm container meets a new key during an outage: "try again", never a credential error', async () => {
    expect(await discoverAnswer(server.token(oldKey))).toBe('Discover.Response');
    endpoint.down = true;
    const rotated = server.token(newKey);
    for (let i = 0; i < 3; i += 1) {
      expect(await discoverAnswer(rotated)).toBe('INTERNAL_ERROR');
      expect(await launch(rotated)).toStrictEqual({ ssml: UNVERIFIABLE, card: false });
    }
    // Tokens signed with the cached key are untouched by the outage.
    expect(await discoverAnswer(server.token(oldKey))).toBe('Discover.Response');
    endpoint.down = false;
    endpoint.published = [oldKey, newKey];
    clock += 2000;
    expect(await discoverAnswer(rotated)).toBe('Discover.Response');
  });
});
