/**
 * The OIDC adapter with real RS256 keys and the real aws-jwt-verify JwtVerifier, the key set
 * fetched over loopback HTTPS, as an Auth0 tenant would serve it.
 */
import { createLinkingVerifier } from '../../lambda/verifiers';
import { createOidcLinkingVerifier } from '../../lambda/verifiers/oidc/oidc-linking-verifier';
import { createJwksFetcher } from '../../lambda/verifiers/shared/jwks-fetcher';
import { generateTestKey, jwksOf, signRs256, unsignedToken } from '../support/jwt';
import {
  sendJson,
  startHttpServer,
  startHttpsServer,
  testTlsMaterial,
  type LoopbackServer,
} from '../support/loopback';

const key = generateTestKey('auth0-key-1');
const foreignKey = generateTestKey('auth0-key-1');
const ISSUER = 'https://tenant.eu.auth0.example/';
const AUDIENCE = 'https://api.linked-greeter.example';
/** The application created for Alexa: its tokens carry it as `azp` (Auth0, Keycloak). */
const ALEXA_CLIENT_ID = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const now = () => Math.floor(Date.now() / 1000);

function auth0Claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
    aud: [AUDIENCE, `${ISSUER}userinfo`],
    iat: now() - 60,
    exp: now() + 3600,
    azp: ALEXA_CLIENT_ID,
    scope: 'openid profile email offline_access',
    ...overrides,
  };
}

let jwksServer: LoopbackServer;
let userInfoServer: LoopbackServer;
let jwksStatus = 200;
beforeAll(async () => {
  jwksServer = await startHttpsServer((_req, res) =>
    jwksStatus === 200 ? sendJson(res, 200, jwksOf(key)) : sendJson(res, jwksStatus, {})
  );
  userInfoServer = await startHttpServer((req, res) =>
    req.headers.authorization?.startsWith('Bearer eyJ')
      ? sendJson(res, 200, {
          sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
          name: 'Grace Hopper',
          given_name: 'Grace',
          email: 'grace@example.com',
        })
      : sendJson(res, 401, {})
  );
});
afterAll(() => Promise.all([jwksServer.close(), userInfoServer.close()]));
beforeEach(() => {
  jwksStatus = 200;
  jwksServer.hits.length = 0;
  userInfoServer.hits.length = 0;
});

function verifier(
  options: {
    userInfo?: boolean;
    warn?: (m: string, d: Record<string, unknown>) => void;
    audience?: string;
  } = {}
) {
  return createOidcLinkingVerifier(
    {
      oidcIssuer: ISSUER,
      oidcAudience: options.audience ?? AUDIENCE,
      oidcClientId: ALEXA_CLIENT_ID,
      oidcJwksUrl: `${jwksServer.url}/.well-known/jwks.json`,
      ...(options.userInfo && { oidcUserInfoUrl: `${userInfoServer.url}/userinfo` }),
    },
    {
      fetcher: createJwksFetcher({ requestOptions: { ca: testTlsMaterial().cert }, cooldownMs: 0 }),
      warn: options.warn,
    }
  );
}

const linked = {
  kind: 'linked',
  user: {
    userId: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
    username: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  },
} as const;

describe('OIDC adapter', () => {
  test('an Auth0 access token for the API is linked; the key set is fetched once', async () => {
    const v = verifier();
    for (let i = 0; i < 5; i += 1)
      expect(await v.decide(signRs256(key, auth0Claims()))).toEqual(linked);
    expect(jwksServer.hits).toEqual(['/.well-known/jwks.json']);
  });

  test('an audience given as a single string is accepted too', async () => {
    expect(await verifier().decide(signRs256(key, auth0Claims({ aud: AUDIENCE })))).toEqual(linked);
  });

  test.each([
    ['an issuer without the trailing slash', 'wrong-issuer', { iss: ISSUER.slice(0, -1) }],
    ['another tenant', 'wrong-issuer', { iss: 'https://other.eu.auth0.example/' }],
    ['another API (audience)', 'wrong-client', { aud: 'https://api.other.example' }],
    ['only the userinfo audience', 'wrong-client', { aud: `${ISSUER}userinfo` }],
    ['an expired token', 'expired', { iat: now() - 7200, exp: now() - 3600 }],
    ['a token not valid yet', 'not-yet-valid', { nbf: now() + 3600 }],
    ['no subject', 'malformed', { sub: undefined }],
  ])('%s is invalid (%s)', async (_case, reason, overrides) => {
    expect(await verifier().decide(signRs256(key, auth0Claims(overrides)))).toEqual({
      kind: 'invalid',
      reason,
    });
  });

  describe("only a user's access token minted for the Alexa client links", () => {
    test.each([
      // Same server, same API, another application of the tenant.
      [
        'a token for another application (Auth0 azp)',
        'wrong-client',
        { azp: 'OtherApp0123456789abcdefghijklmn' },
      ],
      [
        'a token for another application (RFC 9068 client_id)',
        'wrong-client',
        { azp: undefined, client_id: 'other-app' },
      ],
      [
        'a token for another application (Okta cid)',
        'wrong-client',
        { azp: undefined, cid: '0oaOtherApp' },
      ],
      ['one client claim right and another wrong', 'wrong-client', { client_id: 'other-app' }],
      [
        'an Auth0 machine-to-machine token of the Alexa application',
        'machine-to-machine',
        { sub: `${ALEXA_CLIENT_ID}@clients`, gty: 'client-credentials', scope: undefined },
      ],
      [
        'an Auth0 client-credentials grant type alone',
        'machine-to-machine',
        { gty: 'client-credentials' },
      ],
      ['an Auth0 subject of a client alone', 'machine-to-machine', { sub: 'SomeApp@clients' }],
      [
        'an Okta client-credentials token (sub = cid)',
        'machine-to-machine',
        { azp: undefined, cid: ALEXA_CLIENT_ID, sub: ALEXA_CLIENT_ID },
      ],
      [
        'a Keycloak service-account token',
        'machine-to-machine',
        {
          sub: 'f1e2d3c4-0000-4000-8000-000000000001',
          preferred_username: `service-account-${ALEXA_CLIENT_ID}`,
        },
      ],
      ['a token without exp', 'malformed', { exp: undefined }],
      ['a token with a string exp', 'malformed', { exp: 'tomorrow' }],
    ])('%s is invalid (%s)', async (_case, reason, overrides) => {
      expect(await verifier().decide(signRs256(key, auth0Claims(overrides)))).toEqual({
        kind: 'invalid',
        reason,
      });
    });

    test.each([
      ['no client claim (Auth0)', { aud: ALEXA_CLIENT_ID, azp: undefined, scope: undefined }],
      ['a nonce', { aud: ALEXA_CLIENT_ID, nonce: 'n-0S6_WzA2Mj' }],
      ['an at_hash', { aud: ALEXA_CLIENT_ID, azp: undefined, at_hash: 'MTIzNDU2Nzg5MDEyMzQ1Ng' }],
      ['typ ID (Keycloak)', { aud: ALEXA_CLIENT_ID, typ: 'ID' }],
    ])(
      'an ID token whose aud equals an audience set to the client ID is refused: %s',
      async (_case, overrides) => {
        expect(
          await verifier({ audience: ALEXA_CLIENT_ID }).decide(
            signRs256(key, auth0Claims(overrides))
          )
        ).toEqual({ kind: 'invalid', reason: 'wrong-token-use' });
      }
    );

    test.each([
      [
        'an Okta access token (cid, uid)',
        { azp: undefined, cid: ALEXA_CLIENT_ID, uid: '00u1a2b3c4', scp: ['openid'] },
      ],
      ['an RFC 9068 access token (client_id)', { azp: undefined, client_id: ALEXA_CLIENT_ID }],
      ['a Keycloak access token (azp, typ Bearer)', { typ: 'Bearer', preferred_username: 'grace' }],
      ['a server that names no client at all', { azp: undefined }],
    ])('%s for the Alexa client links', async (_case, overrides) => {
      expect(await verifier().decide(signRs256(key, auth0Claims(overrides)))).toEqual(linked);
    });

    test('a Keycloak access token whose audience is the client ID itself links (azp names it)', async () => {
      expect(
        await verifier({ audience: ALEXA_CLIENT_ID }).decide(
          signRs256(key, auth0Claims({ aud: ALEXA_CLIENT_ID, typ: 'Bearer' }))
        )
      ).toEqual(linked);
    });
  });

  test('a token signed by another key with the same kid is a bad signature', async () => {
    expect(await verifier().decide(signRs256(foreignKey, auth0Claims()))).toEqual({
      kind: 'invalid',
      reason: 'bad-signature',
    });
  });

  test('an unsigned token is refused', async () => {
    expect(await verifier().decide(unsignedToken(key.kid, auth0Claims()))).toMatchObject({
      kind: 'invalid',
    });
  });

  test('an opaque access token is refused with a log line that says to configure an API audience', async () => {
    const warnings: [string, Record<string, unknown>][] = [];
    const opaque = 'k3Yq0Jc6xN1vR8tP_2mL5sQ9wB4zE7aD';
    const decision = await verifier({ warn: (m, d) => warnings.push([m, d]) }).decide(opaque);
    expect(decision).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).toMatch(/configure an API audience \(oidcAudience\)/);
    expect(JSON.stringify(warnings)).not.toContain(opaque);
    expect(jwksServer.hits).toEqual([]);
  });

  test('a key set that cannot be fetched makes the token unverifiable, not invalid', async () => {
    jwksStatus = 503;
    expect(await verifier().decide(signRs256(key, auth0Claims()))).toEqual({
      kind: 'unverifiable',
      reason: 'key-set-unavailable',
    });
  });

  test('the greeting comes from userInfo when its URL is set, and from nowhere when not', async () => {
    const token = signRs256(key, auth0Claims());
    expect(await verifier({ userInfo: true }).profileOf(linked.user, token)).toEqual({
      givenName: 'Grace',
      email: 'grace@example.com',
    });
    expect(await verifier().profileOf(linked.user, token)).toBeUndefined();
    expect(userInfoServer.hits).toEqual(['/userinfo']);
  });
});

describe('createLinkingVerifier for oidc', () => {
  const env = {
    LINKING_SERVER: 'oidc',
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_CLIENT_ID: ALEXA_CLIENT_ID,
    OIDC_JWKS_URL: 'https://tenant.eu.auth0.example/.well-known/jwks.json',
  };

  test('chooses the OIDC adapter from the environment', async () => {
    const v = createLinkingVerifier(env);
    (v as ReturnType<typeof createOidcLinkingVerifier>).cacheJwks(jwksOf(key));
    expect(await v.decide(signRs256(key, auth0Claims()))).toEqual(linked);
    expect(await v.decide(signRs256(key, auth0Claims({ aud: 'https://x.example' })))).toEqual({
      kind: 'invalid',
      reason: 'wrong-client',
    });
    expect(await v.decide(signRs256(key, auth0Claims({ azp: 'another-app' })))).toEqual({
      kind: 'invalid',
      reason: 'wrong-client',
    });
  });

  test('names every bad variable at once', () => {
    expect.assertions(5);
    try {
      createLinkingVerifier({
        LINKING_SERVER: 'oidc',
        OIDC_ISSUER: 'http://tenant.eu.auth0.example/',
        OIDC_AUDIENCE: 'has space',
      });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/OIDC_ISSUER is "http:\/\/tenant\.eu\.auth0\.example\/"; expected/);
      expect(message).toMatch(/OIDC_AUDIENCE is "has space"; expected/);
      expect(message).toMatch(
        /OIDC_CLIENT_ID is missing; expected the client ID of the application created for Alexa/
      );
      expect(message).toMatch(/OIDC_JWKS_URL is missing; expected/);
      expect((error as Error).name).toBe('SkillConfigError');
    }
  });
});
