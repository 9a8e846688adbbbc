/**
 * Plays Alexa against a real OAuth 2.0 authorization server (oidc-provider, on loopback) set up
 * from the synthesized app client: sign in through each regional redirect URL, exchange the code
 * with HTTP Basic client credentials, then call the bundled skill with the access token, whose
 * unchanged verifier fetches the key set over HTTPS.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { SECONDS_PER_UNIT } from '../../lib/rules/linking-rules';
import { restoreCognitoRouting, routeCognitoToLoopback } from '../support/cognito-on-loopback';
import { intentRequest, launchRequest } from '../support/envelopes';
import { CookieJar, httpsRequest } from '../support/https-client';
import {
  startAuthorizationServer,
  type RunningAuthorizationServer,
} from '../support/authorization-server';
import {
  loadBundledHandler,
  synthesizeSkill,
  type BundledHandler,
  type SynthesizedSkill,
} from '../support/bundle';
import { E2E_CLIENT_SECRET } from '../support/fixture-secrets';
import { VENDOR_ID } from '../support/infra';

const USER_POOL_ID = 'us-east-1_E2ePool1';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const CLIENT_ID = 'e2ealexaclient0123456789';
const USER = {
  sub: '7d0e4c1a-2b3f-4a5c-8d9e-0f1a2b3c4d5e',
  email: 'ada@example.com',
  password: 'Correct-Horse-9!',
  givenName: 'Ada',
};
const REDIRECT_URLS = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
];

interface ClientResource {
  CallbackURLs: string[];
  AllowedOAuthFlows: string[];
  AllowedOAuthScopes: string[];
  GenerateSecret: boolean;
  ExplicitAuthFlows: string[];
  AccessTokenValidity: number;
  RefreshTokenValidity: number;
  TokenValidityUnits: { AccessToken: string; RefreshToken: string };
}

/** The authorization server's client, taken from the synthesized AWS::Cognito::UserPoolClient. */
function clientFromTemplate(skill: SynthesizedSkill) {
  const resource = Object.values(skill.template.Resources).find(
    (r) => r.Type === 'AWS::Cognito::UserPoolClient'
  );
  const props = resource?.Properties as unknown as ClientResource;
  return {
    client: {
      client_id: CLIENT_ID,
      client_secret: E2E_CLIENT_SECRET,
      redirect_uris: props.CallbackURLs,
      response_types: props.AllowedOAuthFlows.includes('code') ? ['code'] : [],
      grant_types: [
        ...(props.AllowedOAuthFlows.includes('code') ? ['authorization_code'] : []),
        ...(props.ExplicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH') ? ['refresh_token'] : []),
      ],
      // The stack's AuthenticationScheme output: HTTP Basic, i.e. client_secret_basic.
      token_endpoint_auth_method: props.GenerateSecret ? 'client_secret_basic' : 'none',
      scope: props.AllowedOAuthScopes.join(' '),
    },
    accessTokenTtlSeconds:
      props.AccessTokenValidity * (SECONDS_PER_UNIT[props.TokenValidityUnits.AccessToken] ?? NaN),
    refreshTokenTtlSeconds:
      props.RefreshTokenValidity * (SECONDS_PER_UNIT[props.TokenValidityUnits.RefreshToken] ?? NaN),
    scope: props.AllowedOAuthScopes.join(' '),
  };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let skill: SynthesizedSkill;
let server: RunningAuthorizationServer;
let handler: BundledHandler;
let scope: string;
let accessTokenTtlSeconds: number;

beforeAll(async () => {
  skill = synthesizeSkill();
  const fromTemplate = clientFromTemplate(skill);
  scope = fromTemplate.scope;
  accessTokenTtlSeconds = fromTemplate.accessTokenTtlSeconds;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  server = await startAuthorizationServer({
    issuer: ISSUER,
    userPoolId: USER_POOL_ID,
    client: fromTemplate.client,
    user: USER,
    signingKey: {
      ...privateKey.export({ format: 'jwk' }),
      kid: 'e2e-key-1',
      alg: 'RS256',
      use: 'sig',
    },
    accessTokenTtlSeconds: fromTemplate.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: fromTemplate.refreshTokenTtlSeconds,
  });
  routeCognitoToLoopback({ port: server.httpsPort });
  handler = loadBundledHandler(skill, {
    SKILL_ID: skill.environment.SKILL_ID as string,
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: server.httpUrl,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
}, 120_000);

afterAll(async () => {
  jest.useRealTimers();
  restoreCognitoRouting();
  await server?.stop();
  if (skill) fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

/** What the Alexa app and a user do: open the authorization URL, sign in, and read the redirect. */
async function signIn(
  redirectUri: string,
  password = USER.password,
  extraParams: Record<string, string> = {}
) {
  const jar = new CookieJar();
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const authorizeUrl = `${server.httpsUrl}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri, scope, state, ...extraParams })}`;
  const authorize = await httpsRequest(authorizeUrl);
  jar.store(authorize);
  expect(authorize.status).toBe(303);
  const loginPath = authorize.headers.location as string;
  expect(loginPath).toMatch(/^\/interaction\//);

  const page = await httpsRequest(`${server.httpsUrl}${loginPath}`, { headers: jar.header() });
  expect(page.body).toContain('<form method="post"');
  const posted = await httpsRequest(`${server.httpsUrl}${loginPath}/login`, {
    method: 'POST',
    headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: USER.email, password }).toString(),
  });
  jar.store(posted);
  if (posted.status !== 303) return { state, redirect: undefined, page: posted.body };

  const resumed = await httpsRequest(posted.headers.location as string, { headers: jar.header() });
  // The redirect back to Alexa is read, never followed.
  return {
    state,
    redirect: resumed.status === 303 ? new URL(resumed.headers.location as string) : undefined,
    page: resumed.body,
  };
}

async function token(params: Record<string, string>, secret = E2E_CLIENT_SECRET) {
  const response = await httpsRequest(`${server.httpsUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basic(CLIENT_ID, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    body: JSON.parse(response.body) as Record<string, string | number>,
  };
}

async function linkThrough(redirectUri: string) {
  const { state, redirect } = await signIn(redirectUri);
  expect(redirect).toBeDefined();
  expect(`${redirect?.origin}${redirect?.pathname}`).toBe(redirectUri);
  expect(redirect?.searchParams.get('state')).toBe(state);
  const code = redirect?.searchParams.get('code') as string;
  const exchanged = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
  });
  expect(exchanged.status).toBe(200);
  return exchanged.body as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    token_type: string;
  };
}

const speech = async (envelope: Parameters<BundledHandler>[0]) => {
  const response = await handler(envelope, {});
  return {
    ssml: (response.response.outputSpeech as { ssml: string }).ssml,
    card: response.response.card,
  };
};

describe('account linking, end to end', () => {
  test.each(REDIRECT_URLS)(
    'links through %s and the skill greets the user',
    async (redirectUri) => {
      const tokens = await linkThrough(redirectUri);
      expect(tokens.token_type).toBe('Bearer');
      expect(tokens.expires_in).toBe(accessTokenTtlSeconds);
      expect(tokens.refresh_token).toEqual(expect.any(String));

      expect(await speech(launchRequest({ accessToken: tokens.access_token }))).toEqual({
        ssml: '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>',
        card: undefined,
      });
      expect(
        await speech(intentRequest('WhichAccountIntent', { accessToken: tokens.access_token }))
      ).toEqual({
        ssml: '<speak>This skill is linked to the account ada@example.com.</speak>',
        card: undefined,
      });
    }
  );

  // Alexa's console can switch PKCE on for the skill (the Skill Management API has no field for
  // it): Alexa then sends an S256 code challenge and its verifier with the client secret. The
  // synthesized client (confidential, HTTP Basic) needs no setting for that.
  describe('with PKCE switched on in the Alexa console', () => {
    const pkcePair = () => {
      const verifier = randomBytes(32).toString('base64url');
      return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
    };
    const codeWithChallenge = async (challenge: string) => {
      const redirectUri = REDIRECT_URLS[0] as string;
      const { redirect } = await signIn(redirectUri, USER.password, {
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      expect(redirect?.searchParams.get('code')).toEqual(expect.any(String));
      return { redirectUri, code: redirect?.searchParams.get('code') as string };
    };

    test('links with an S256 challenge and its verifier, and the skill greets the user', async () => {
      const { verifier, challenge } = pkcePair();
      const { redirectUri, code } = await codeWithChallenge(challenge);
      const exchanged = await token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      expect(exchanged.status).toBe(200);
      expect(
        await speech(launchRequest({ accessToken: exchanged.body.access_token as string }))
      ).toEqual({
        ssml: '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>',
        card: undefined,
      });
    });

    test.each([
      ['another verifier', () => ({ code_verifier: pkcePair().verifier })],
      ['no verifier', () => ({})],
    ])('refuses the code with %s (invalid_grant)', async (_, verifierParams) => {
      const { challenge } = pkcePair();
      const { redirectUri, code } = await codeWithChallenge(challenge);
      const exchanged = await token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        ...verifierParams(),
      });
      expect(exchanged.status).toBe(400);
      expect(exchanged.body.error).toBe('invalid_grant');
    });
  });

  test("issues access tokens shaped like Cognito's", async () => {
    const { access_token: accessToken } = await linkThrough(REDIRECT_URLS[0] as string);
    const claims = JSON.parse(
      Buffer.from(accessToken.split('.')[1] as string, 'base64url').toString()
    ) as Record<string, unknown>;
    expect(claims).toEqual(
      expect.objectContaining({
        iss: ISSUER,
        token_use: 'access',
        client_id: CLIENT_ID,
        username: USER.sub,
        sub: USER.sub,
        scope,
      })
    );
  });

  test('refuses a redirect URL the app client does not allow', async () => {
    const response = await httpsRequest(
      `${server.httpsUrl}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: 'https://evil.example.com/cb', scope, state: 's' })}`
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual(
      expect.objectContaining({ error: 'invalid_redirect_uri' })
    );
  });

  test('a wrong password keeps the user on the sign-in page', async () => {
    const { redirect, page } = await signIn(REDIRECT_URLS[1] as string, 'wrong-password');
    expect(redirect).toBeUndefined();
    expect(page).toContain('Incorrect username or password.');
  });

  test('a wrong client secret gets invalid_client', async () => {
    const { state, redirect } = await signIn(REDIRECT_URLS[0] as string);
    expect(redirect?.searchParams.get('state')).toBe(state);
    const exchanged = await token(
      {
        grant_type: 'authorization_code',
        code: redirect?.searchParams.get('code') as string,
        redirect_uri: REDIRECT_URLS[0] as string,
      },
      'not-the-secret'
    );
    expect(exchanged.status).toBe(401);
    expect(exchanged.body.error).toBe('invalid_client');
  });

  test('refreshes the token as Alexa does, and the skill accepts the new one', async () => {
    const first = await linkThrough(REDIRECT_URLS[2] as string);
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    // No rotation: Alexa keeps using the refresh token it has.
    expect(refreshed.body.refresh_token ?? first.refresh_token).toBe(first.refresh_token);
    expect(
      (await speech(launchRequest({ accessToken: refreshed.body.access_token as string }))).ssml
    ).toBe(
      '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>'
    );
  });

  test('after the refresh token is revoked, refreshing fails and the unlinked user gets the LinkAccount card', async () => {
    const tokens = await linkThrough(REDIRECT_URLS[0] as string);
    const revoked = await httpsRequest(`${server.httpsUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: {
        authorization: basic(CLIENT_ID, E2E_CLIENT_SECRET),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
      }).toString(),
    });
    expect(revoked.status).toBe(200);
    const refresh = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
    // Alexa unlinks the user when a refresh fails, and sends requests without a token.
    expect(await speech(launchRequest())).toEqual({
      ssml: "<speak>To use Linked Greeter, link your account first. I've sent a card to the Alexa app to get you started.</speak>",
      card: { type: 'LinkAccount' },
    });
  });

  test('an expired access token gets the renew prompt and the LinkAccount card', async () => {
    const tokens = await linkThrough(REDIRECT_URLS[1] as string);
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
    jest.setSystemTime(Date.now() + (accessTokenTtlSeconds + 60) * 1000);
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
