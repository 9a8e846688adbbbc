/**
 * Plays Alexa against an Auth0-like OIDC server (oidc-provider, on loopback, in its own process):
 * sign in through an Alexa redirect URL with `audience` and `offline_access` as the Authorization
 * URI carries them, exchange the code with HTTP Basic client credentials, refresh, then call the
 * skill bundled for `oidc` with each access token. The bundle's unchanged verifier (aws-jwt-verify's
 * JwtVerifier) fetches the server's key set over HTTPS.
 */
import { generateKeyPairSync } from 'node:crypto';
import { loadBundledHandler, type BundledHandler } from '../support/bundle';
import { intentRequest, launchRequest } from '../support/envelopes';
import { CookieJar, httpsRequest } from '../support/https-client';
import {
  startAuth0StandIn,
  type RunningAuthorizationServer,
} from '../support/authorization-server';
import { E2E_CLIENT_SECRET } from '../support/fixture-secrets';
import { SKILL_ID, VENDOR_ID } from '../support/infra';
import { captureOutput } from '../support/output-capture';
import { bundleSkillFor, type ServerBundle } from '../support/server-bundle';
import { restoreTrust, trustTestCertificate } from '../support/trust-test-ca';

const CLIENT_ID = 'Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A';
const AUDIENCE = 'https://api.linked-greeter.example';
const ACCESS_TOKEN_TTL = 600;
const USER = {
  sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
  email: 'ada@example.com',
  password: 'Correct-Horse-9!',
  name: 'Ada Lovelace',
  givenName: 'Ada',
};
const REDIRECT_URI = `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`;
const SCOPE = 'openid profile email offline_access';
const GREETING =
  '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<
    string,
    unknown
  >;

let server: RunningAuthorizationServer;
let bundle: ServerBundle;
let issuer: string;
let env: Record<string, string>;
let handler: BundledHandler;

beforeAll(async () => {
  bundle = bundleSkillFor('oidc');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  server = await startAuth0StandIn({
    client: {
      client_id: CLIENT_ID,
      client_secret: E2E_CLIENT_SECRET,
      redirect_uris: [
        REDIRECT_URI,
        `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
        `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
      ],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
      // Alexa's "HTTP Basic" authentication scheme.
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    },
    user: USER,
    signingKey: {
      ...privateKey.export({ format: 'jwk' }),
      kid: 'auth0-e2e-1',
      alg: 'RS256',
      use: 'sig',
    },
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: 30 * 24 * 3600,
  });
  // Auth0's issuer form: the tenant's origin with a trailing slash.
  issuer = `${server.httpsUrl}/`;
  trustTestCertificate();
  env = {
    SKILL_ID,
    LINKING_SERVER: 'oidc',
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_JWKS_URL: `${issuer}.well-known/jwks.json`,
    OIDC_USERINFO_URL: `${server.httpUrl}/userinfo`,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  handler = loadBundledHandler(bundle, env);
}, 120_000);

afterAll(async () => {
  jest.useRealTimers();
  restoreTrust();
  await server?.stop();
  bundle?.remove();
});

/** What the Alexa app and the user do: open the Authorization URI, log in, read the redirect. */
async function authorize(params: Record<string, string>) {
  const jar = new CookieJar();
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    state,
    ...params,
  });
  const start = await httpsRequest(`${server.httpsUrl}/authorize?${query}`);
  jar.store(start);
  expect(start.status).toBe(303);
  const loginPath = start.headers.location as string;
  const posted = await httpsRequest(`${server.httpsUrl}${loginPath}/login`, {
    method: 'POST',
    headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: USER.email, password: USER.password }).toString(),
  });
  jar.store(posted);
  expect(posted.status).toBe(303);
  const resumed = await httpsRequest(posted.headers.location as string, { headers: jar.header() });
  expect(resumed.status).toBe(303);
  const redirect = new URL(resumed.headers.location as string);
  expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
  expect(redirect.searchParams.get('state')).toBe(state);
  return redirect.searchParams.get('code') as string;
}

async function token(params: Record<string, string>) {
  const response = await httpsRequest(`${server.httpsUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: basic(CLIENT_ID, E2E_CLIENT_SECRET),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    body: JSON.parse(response.body) as Record<string, string | number>,
  };
}

async function link(params: Record<string, string> = { audience: AUDIENCE }) {
  const code = await authorize(params);
  const exchanged = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
  });
  expect(exchanged.status).toBe(200);
  return exchanged.body as { access_token: string; refresh_token?: string; expires_in: number };
}

const speech = async (envelope: Parameters<BundledHandler>[0], h = handler) => {
  const response = await h(envelope, {});
  return {
    ssml: (response.response.outputSpeech as { ssml: string }).ssml,
    card: response.response.card,
  };
};

describe('linking with an Auth0-like OIDC server, end to end', () => {
  test('links with audience and offline_access: a JWT for the API, expires_in, a refresh token; the skill greets', async () => {
    const tokens = await link();
    expect(tokens.expires_in).toBe(ACCESS_TOKEN_TTL);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = claimsOf(tokens.access_token);
    // The issuer byte for byte, trailing slash included, and the API as audience.
    expect(claims.iss).toBe(issuer);
    expect(String(claims.iss).endsWith('/')).toBe(true);
    expect(claims.aud).toBe(AUDIENCE);
    expect(claims.sub).toBe(USER.sub);

    expect(await speech(launchRequest({ accessToken: tokens.access_token }))).toEqual({
      ssml: GREETING,
      card: undefined,
    });
    expect(
      await speech(intentRequest('WhichAccountIntent', { accessToken: tokens.access_token }))
    ).toEqual({
      ssml: '<speak>This skill is linked to the account ada@example.com.</speak>',
      card: undefined,
    });
  });

  test('without offline_access there is no refresh token (users would be unlinked within hours)', async () => {
    const tokens = await link({ audience: AUDIENCE, scope: 'openid profile email' });
    expect(tokens.refresh_token).toBeUndefined();
  });

  test('refreshes as Alexa does, and the skill accepts the new access token', async () => {
    const first = await link();
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(ACCESS_TOKEN_TTL);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect(claimsOf(refreshed.body.access_token as string).aud).toBe(AUDIENCE);
    expect(
      (await speech(launchRequest({ accessToken: refreshed.body.access_token as string }))).ssml
    ).toBe(GREETING);
  });

  test('a token minted for another API gets the LinkAccount card', async () => {
    const tokens = await link({ audience: 'https://api.other-app.example' });
    expect(claimsOf(tokens.access_token).aud).toBe('https://api.other-app.example');
    expect(await speech(launchRequest({ accessToken: tokens.access_token }))).toEqual({
      ssml: "<speak>I couldn't verify your Linked Greeter account link. I've sent a card to the Alexa app: open it to link your account again.</speak>",
      card: { type: 'LinkAccount' },
    });
  });

  test('an opaque access token (no audience requested) is refused, with a log line that says to configure an API audience', async () => {
    const tokens = await link({});
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const verbose = loadBundledHandler(bundle, { ...env, POWERTOOLS_LOG_LEVEL: 'WARN' });
    const { result, output } = await captureOutput(() =>
      speech(launchRequest({ accessToken: tokens.access_token }), verbose)
    );
    expect(result.card).toEqual({ type: 'LinkAccount' });
    expect(output).toMatch(/"message":"opaque access token refused".*configure an API audience/);
    expect(output).not.toContain(tokens.access_token);
  });

  test('an expired access token gets the renew prompt and the LinkAccount card', async () => {
    const tokens = await link();
    // Only the clock moves: the verifier's network and timers stay real.
    jest.useFakeTimers({
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'nextTick',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    jest.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL + 60) * 1000);
    try {
      expect(await speech(launchRequest({ accessToken: tokens.access_token }))).toEqual({
        ssml: "<speak>Your Linked Greeter account link needs renewing. I've sent a card to the Alexa app: open it to link your account again.</speak>",
        card: { type: 'LinkAccount' },
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
