/**
 * The Cognito and OIDC adapters' decisions with real RS256 tokens, the key set served from memory
 * by a Fetcher (no network), and the profile from a loopback userInfo endpoint.
 */
import type { Fetcher } from 'aws-jwt-verify/https';
import { createCognitoLinkingVerifier } from '../../../lambda/verifiers/cognito/cognito-linking-verifier';
import { createOidcLinkingVerifier } from '../../../lambda/verifiers/oidc/oidc-linking-verifier';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
  type TestKey,
} from '../../support/jwt';
import { sendJson, startHttpServer, type LoopbackServer } from '../../support/loopback';

// Made in beforeAll, not at load: a run that filters every test of this file out skips the key pair.
let key: TestKey;
beforeAll(() => {
  key = generateTestKey('decisions-key');
});
const SUB = '5f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f';
const nowSeconds = () => Math.floor(Date.now() / 1000);

function memoryFetcher() {
  const hits: string[] = [];
  const fetcher: Fetcher = {
    async fetch(uri) {
      hits.push(uri);
      return new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer;
    },
  };
  return { fetcher, hits };
}

let userInfo: LoopbackServer;
let userInfoStatus = 200;
let authorizations: string[] = [];
beforeAll(async () => {
  userInfo = await startHttpServer((req, res) => {
    authorizations.push(`${req.url} ${req.headers.authorization}`);
    sendJson(res, userInfoStatus, { given_name: 'Ada', email: 'ada@example.com' });
  });
});
afterAll(() => userInfo.close());
beforeEach(() => {
  userInfoStatus = 200;
  authorizations = [];
});

describe('Cognito adapter', () => {
  function cognito(onProfileFailure?: (reason: string) => void) {
    const { fetcher, hits } = memoryFetcher();
    const verifier = createCognitoLinkingVerifier(
      { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID, signInDomainUrl: userInfo.url },
      { fetcher, onProfileFailure }
    );
    return { verifier, hits };
  }

  test('a valid access token is linked, with its username and scopes', async () => {
    const { verifier, hits } = cognito();
    expect(
      await verifier.decide(signRs256(key, accessTokenClaims({ username: 'ada' })))
    ).toStrictEqual({
      kind: 'linked',
      user: { userId: SUB, username: 'ada', scopes: ['openid', 'email', 'profile'] },
    });
    expect(hits).toStrictEqual([
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1/.well-known/jwks.json',
    ]);
  });

  test.each<[string, () => unknown, unknown]>([
    ['no token', () => undefined, { kind: 'unlinked' }],
    ['a blank token', () => ' ', { kind: 'unlinked' }],
    ['an opaque token', () => 'Atza|abc', { kind: 'invalid', reason: 'malformed' }],
    [
      'an expired token',
      () => signRs256(key, accessTokenClaims({ exp: nowSeconds() - 10 })),
      { kind: 'invalid', reason: 'expired' },
    ],
    [
      'an ID token',
      () => signRs256(key, accessTokenClaims({ token_use: 'id' })),
      { kind: 'invalid', reason: 'wrong-token-use' },
    ],
    [
      'another client',
      () => signRs256(key, accessTokenClaims({ client_id: 'otherclient' })),
      { kind: 'invalid', reason: 'wrong-client' },
    ],
  ])('%s', async (_case, token, decision) => {
    const { verifier, hits } = cognito();
    expect(await verifier.decide(token())).toStrictEqual(decision);
    if (
      (decision as { kind: string; reason?: string }).reason === 'malformed' ||
      (decision as { kind: string }).kind === 'unlinked'
    ) {
      expect(hits).toStrictEqual([]);
    }
  });

  test("the profile comes from the domain's /oauth2/userInfo with the token", async () => {
    const { verifier } = cognito();
    const user = { userId: SUB, username: SUB, scopes: [] };
    expect(await verifier.profileOf(user, 'tok-1')).toStrictEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
    expect(authorizations).toStrictEqual(['/oauth2/userInfo Bearer tok-1']);
  });

  test('a failed profile lookup is reported', async () => {
    userInfoStatus = 500;
    const reasons: string[] = [];
    const { verifier } = cognito((reason) => reasons.push(reason));
    expect(
      await verifier.profileOf({ userId: SUB, username: SUB, scopes: [] }, 't')
    ).toBeUndefined();
    expect(reasons).toStrictEqual(['userInfo answered HTTP 500']);
  });
});

describe('OIDC adapter', () => {
  const ISSUER = 'https://tenant.example.com/';
  const AUDIENCE = 'https://api.example.com';
  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: 'auth0|ada',
    iss: ISSUER,
    aud: [AUDIENCE],
    scope: 'openid email',
    iat: nowSeconds() - 60,
    exp: nowSeconds() + 3600,
    ...overrides,
  });

  function oidc(options: { userInfoUrl?: string; quiet?: boolean } = {}) {
    const { fetcher, hits } = memoryFetcher();
    const warnings: Array<[string, Record<string, unknown>]> = [];
    const verifier = createOidcLinkingVerifier(
      {
        oidcIssuer: ISSUER,
        oidcAudience: AUDIENCE,
        oidcClientId: 'alexa-app',
        oidcJwksUrl: 'https://tenant.example.com/keys',
        ...(options.userInfoUrl === undefined ? {} : { oidcUserInfoUrl: options.userInfoUrl }),
      },
      { fetcher, ...(options.quiet ? {} : { warn: (m, d) => warnings.push([m, d]) }) }
    );
    return { verifier, hits, warnings };
  }

  const OPAQUE_WARNING = [
    'opaque access token refused',
    {
      hint: 'the server issued an access token that is not a JWT: configure an API audience (oidcAudience) so that it issues JWT access tokens for it',
    },
  ];

  test('a valid token is linked; the key set comes from the configured URL', async () => {
    const { verifier, hits } = oidc();
    expect(await verifier.decide(signRs256(key, claims()))).toStrictEqual({
      kind: 'linked',
      user: { userId: 'auth0|ada', username: 'auth0|ada', scopes: ['openid', 'email'] },
    });
    expect(hits).toStrictEqual(['https://tenant.example.com/keys']);
  });

  test.each<[string, unknown, unknown]>([
    ['no token', undefined, { kind: 'unlinked' }],
    ['a tab', '\t', { kind: 'unlinked' }],
    ['a number', 12, { kind: 'unlinked' }],
  ])('%s is unlinked', async (_case, token, decision) => {
    const { verifier, warnings } = oidc();
    expect(await verifier.decide(token)).toStrictEqual(decision);
    expect(warnings).toStrictEqual([]);
  });

  test('an opaque token of 16385 characters is refused without the audience hint', async () => {
    const { verifier, warnings, hits } = oidc();
    expect(await verifier.decide('o'.repeat(16385))).toStrictEqual({
      kind: 'invalid',
      reason: 'malformed',
    });
    expect(warnings).toStrictEqual([]);
    expect(hits).toStrictEqual([]);
  });

  test.each([
    ['an opaque token of 16384 characters', () => 'o'.repeat(16384)],
    ['text before a JWT', () => `x ${signRs256(key, claims())}`],
    ['text after a JWT', () => `${signRs256(key, claims())} x`],
    ['two segments', () => 'eyJhbGciOi.eyJzdWIiOi'],
  ])('%s is refused with the audience hint, before any key set', async (_case, token) => {
    const { verifier, warnings, hits } = oidc();
    expect(await verifier.decide(token())).toStrictEqual({ kind: 'invalid', reason: 'malformed' });
    expect(warnings).toStrictEqual([OPAQUE_WARNING]);
    expect(hits).toStrictEqual([]);
  });

  test('without a warn callback an opaque token is still refused', async () => {
    const { verifier } = oidc({ quiet: true });
    expect(await verifier.decide('opaque')).toStrictEqual({ kind: 'invalid', reason: 'malformed' });
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    [
      'another audience',
      { aud: ['https://other.example.com'] },
      { kind: 'invalid', reason: 'wrong-client' },
    ],
    [
      'another issuer',
      { iss: 'https://tenant.example.com' },
      { kind: 'invalid', reason: 'wrong-issuer' },
    ],
    ['an expired token', { exp: nowSeconds() - 10 }, { kind: 'invalid', reason: 'expired' }],
    ['no subject', { sub: undefined }, { kind: 'invalid', reason: 'malformed' }],
    // access-token-claims.ts, wired in after the signature and claims checks.
    ['azp another application', { azp: 'other-app' }, { kind: 'invalid', reason: 'wrong-client' }],
    [
      'a machine-to-machine token',
      { azp: 'alexa-app', gty: 'client-credentials' },
      { kind: 'invalid', reason: 'machine-to-machine' },
    ],
    ['no exp', { exp: undefined }, { kind: 'invalid', reason: 'malformed' }],
    [
      'azp the Alexa application',
      { azp: 'alexa-app' },
      {
        kind: 'linked',
        user: { userId: 'auth0|ada', username: 'auth0|ada', scopes: ['openid', 'email'] },
      },
    ],
  ])('%s', async (_case, overrides, decision) => {
    const { verifier } = oidc();
    expect(await verifier.decide(signRs256(key, claims(overrides)))).toStrictEqual(decision);
  });

  test('the profile comes from userInfo when its URL is set, reporting failures', async () => {
    const user = { userId: 'auth0|ada', username: 'auth0|ada', scopes: [] };
    expect(await oidc().verifier.profileOf(user, 't')).toBeUndefined();
    expect(authorizations).toStrictEqual([]);
    const { verifier, warnings } = oidc({ userInfoUrl: `${userInfo.url}/me` });
    expect(await verifier.profileOf(user, 'tok-2')).toStrictEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
    expect(authorizations).toStrictEqual(['/me Bearer tok-2']);
    userInfoStatus = 502;
    expect(await verifier.profileOf({ ...user, userId: 'other' }, 'tok-3')).toBeUndefined();
    expect(warnings).toStrictEqual([['no user profile', { reason: 'userInfo answered HTTP 502' }]]);
  });

  test('cacheJwks loads a key set without a fetch', async () => {
    const { verifier, hits } = oidc();
    verifier.cacheJwks(jwksOf(key));
    expect(await verifier.decide(signRs256(key, claims()))).toMatchObject({ kind: 'linked' });
    expect(hits).toStrictEqual([]);
  });
});

describe.each(['cognito', 'oidc'] as const)(
  '%s adapter: a key ID the key set does not hold',
  (server) => {
    function build(now: () => number) {
      const { fetcher, hits } = memoryFetcher();
      const verifier =
        server === 'cognito'
          ? createCognitoLinkingVerifier(
              {
                userPoolId: USER_POOL_ID,
                userPoolClientId: CLIENT_ID,
                signInDomainUrl: userInfo.url,
              },
              { fetcher, now }
            )
          : createOidcLinkingVerifier(
              {
                oidcIssuer: 'https://tenant.example.com/',
                oidcAudience: 'https://api.example.com',
                oidcClientId: 'alexa-app',
                oidcJwksUrl: 'https://tenant.example.com/keys',
              },
              { fetcher, now }
            );
      const token = (kid: string) =>
        signRs256(
          key,
          server === 'cognito'
            ? accessTokenClaims()
            : {
                sub: 'auth0|ada',
                iss: 'https://tenant.example.com/',
                aud: 'https://api.example.com',
                iat: nowSeconds() - 60,
                exp: nowSeconds() + 3600,
              },
          { kid }
        );
      return { verifier, hits, token };
    }

    test('is unverifiable (unknown-key) after one refetch, and refetched again only 2 s later on the given clock', async () => {
      let clock = 0;
      const { verifier, hits, token } = build(() => clock);
      const unverifiable = { kind: 'unverifiable', reason: 'unknown-key' };
      expect(await verifier.decide(token('rotated'))).toStrictEqual(unverifiable);
      expect(hits).toHaveLength(1);
      clock = 1999;
      expect(await verifier.decide(token('rotated'))).toStrictEqual(unverifiable);
      expect(hits).toHaveLength(1);
      clock = 2000;
      expect(await verifier.decide(token('rotated'))).toStrictEqual(unverifiable);
      expect(hits).toHaveLength(2);
      expect((await verifier.decide(token('decisions-key'))).kind).toBe('linked');
      expect(hits).toHaveLength(2);
    });
  }
);
