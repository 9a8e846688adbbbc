/**
 * App-to-app linking started from your app, end to end with `linkingServer=oidc`: your user signs
 * in to your mobile app's client on a real OIDC server (the Auth0 stand-in, oidc-provider, on
 * loopback); your app's backend sends the ID token it got to the endpoint. The request passes a
 * JWT authorizer stand-in built from the synthesized template's AWS::ApiGatewayV2::Authorizer
 * (issuer and audience as synthesized, keys from the issuer's discovery document), then the
 * function's bundle from the same assembly, which links through the loopback Amazon stand-ins.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import {
  startAuth0StandIn,
  type RunningAuthorizationServer,
} from '../support/authorization-server';
import {
  AMAZON_ACCESS_TOKEN,
  APP_REDIRECT_URL,
  APP_TO_APP_CLIENT,
  YOUR_AUTH_CODE,
  amazonCode,
  startAppToAppStandIn,
  startSecretsStandIn,
  type AppToAppStandIn,
} from '../support/app-to-app-stand-in';
import { loadBundledHandler, synthesizeSkill, type SynthesizedSkill } from '../support/bundle';
import { E2E_CLIENT_SECRET } from '../support/fixture-secrets';
import { CookieJar, httpsRequest } from '../support/https-client';
import { OIDC_CONTEXT, SKILL_ID, VENDOR_ID } from '../support/infra';
import {
  createJwtAuthorizerStandIn,
  jwtAuthorizerOf,
  type JwtAuthorizerConfig,
} from '../support/jwt-authorizer-stand-in';
import { captureOutput } from '../support/output-capture';
import { restoreTrust, routeFetchOrigin, trustTestCertificate } from '../support/trust-test-ca';

const ALEXA_CLIENT_ID = 'Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A';
/** Your mobile app's application on the same tenant, listed in appToAppLinkingClientIds. */
const APP_CLIENT_ID = 'MobileApp7Hk2Lm9Np4Qr6St8Vw1Xy3Z';
/** Another application of the same tenant: its users' tokens must not get in. */
const OTHER_CLIENT_ID = 'OtherApp5Bc7De9Fg2Hj4Kl6Mn8Pq1Rs';
const APP_SIGN_IN_REDIRECT = 'https://app.example.com/signed-in';
const AUDIENCE = 'https://api.linked-greeter.example';
const SECRET_NAME = 'alexa/app-to-app-client';
const DESCRIPTION = 'App-to-app linking: links the skill for a user of your app';
const ID_TOKEN_TTL = 3600; // oidc-provider's default for ID tokens.
const USER = {
  sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
  email: 'ada@example.com',
  password: 'Correct-Horse-9!',
  name: 'Ada Lovelace',
  givenName: 'Ada',
};
const AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
};

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: unknown
) => Promise<{ statusCode: number; body: string }>;

const appClient = (clientId: string) => ({
  client_id: clientId,
  client_secret: E2E_CLIENT_SECRET,
  redirect_uris: [APP_SIGN_IN_REDIRECT],
  response_types: ['code'],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: 'openid profile email',
});

let server: RunningAuthorizationServer;
let issuer: string;
let skill: SynthesizedSkill;
let authorizerConfig: JwtAuthorizerConfig;
let environment: Record<string, string>;
let amazon: AppToAppStandIn;
let secrets: Awaited<ReturnType<typeof startSecretsStandIn>>;

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  server = await startAuth0StandIn({
    client: {
      client_id: ALEXA_CLIENT_ID,
      client_secret: E2E_CLIENT_SECRET,
      redirect_uris: [`https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid profile email offline_access',
    },
    extraClients: [appClient(APP_CLIENT_ID), appClient(OTHER_CLIENT_ID)],
    user: USER,
    signingKey: {
      ...privateKey.export({ format: 'jwk' }),
      kid: 'auth0-app-to-app-1',
      alg: 'RS256',
      use: 'sig',
    },
    accessTokenTtlSeconds: 600,
    refreshTokenTtlSeconds: 30 * 24 * 3600,
  });
  issuer = `${server.httpsUrl}/`;
  trustTestCertificate();
  // The stack for this very issuer: the authorizer's Issuer is the loopback tenant, unmapped.
  skill = synthesizeSkill({
    ...OIDC_CONTEXT,
    domainPrefix: undefined,
    oidcIssuer: issuer,
    oidcAudience: AUDIENCE,
    oidcClientId: ALEXA_CLIENT_ID,
    oidcAuthorizationUrl: `${issuer}authorize`,
    oidcTokenUrl: `${issuer}oauth/token`,
    oidcUserInfoUrl: `${issuer}userinfo`,
    appToAppLinking: true,
    appToAppLinkingSecret: SECRET_NAME,
    appToAppLinkingClientIds: APP_CLIENT_ID,
    appRedirectUrls: APP_REDIRECT_URL,
  });
  authorizerConfig = jwtAuthorizerOf(skill.template);
  const fn = Object.values(skill.template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === DESCRIPTION
  );
  environment = (fn?.Properties.Environment as { Variables: Record<string, string> }).Variables;
  amazon = await startAppToAppStandIn(SKILL_ID);
  secrets = await startSecretsStandIn(SECRET_NAME, JSON.stringify(APP_TO_APP_CLIENT));
}, 180_000);

afterAll(async () => {
  jest.useRealTimers();
  restoreTrust();
  await server?.stop();
  await amazon?.close();
  await secrets?.close();
  if (skill) fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

/** Your user signs in to an app client with a real code flow; the app gets its tokens. */
async function signIn(clientId: string) {
  const jar = new CookieJar();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: APP_SIGN_IN_REDIRECT,
    scope: 'openid profile email',
    audience: AUDIENCE,
    state: 'app-state',
  });
  const start = await httpsRequest(`${server.httpsUrl}/authorize?${query}`);
  jar.store(start);
  const loginPath = start.headers.location as string;
  const posted = await httpsRequest(`${server.httpsUrl}${loginPath}/login`, {
    method: 'POST',
    headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: USER.email, password: USER.password }).toString(),
  });
  jar.store(posted);
  const resumed = await httpsRequest(posted.headers.location as string, { headers: jar.header() });
  const code = new URL(resumed.headers.location as string).searchParams.get('code') as string;
  const exchanged = await httpsRequest(`${server.httpsUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${E2E_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: APP_SIGN_IN_REDIRECT,
    }).toString(),
  });
  expect(exchanged.status).toBe(200);
  return JSON.parse(exchanged.body) as { id_token: string; access_token: string };
}

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<
    string,
    unknown
  >;

/**
 * Your app's backend POSTs a link request with the user's token: through the authorizer stand-in,
 * then (only when it lets the request in) the bundled function in a fresh container.
 */
async function postLink(userToken: string) {
  const headers = { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' };
  const authorizer = createJwtAuthorizerStandIn(authorizerConfig);
  const decision = await authorizer.authorize(headers);
  if (!decision.authorized) {
    return { statusCode: decision.statusCode, reason: decision.reason, functionCalled: false };
  }
  const routes = [
    routeFetchOrigin('https://api.amazon.com', amazon.url),
    routeFetchOrigin('https://api.amazonalexa.com', amazon.url),
  ];
  Object.assign(process.env, AWS_ENV, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url });
  try {
    const handler = loadBundledHandler(
      {
        bundleDir: skill.bundleDirsByDescription[DESCRIPTION] as string,
        handlerName: 'index.handler',
      },
      { ...environment, POWERTOOLS_LOG_LEVEL: 'INFO' }
    ) as unknown as Handler;
    const event = {
      version: '2.0',
      routeKey: 'POST /enablement',
      rawPath: '/enablement',
      rawQueryString: '',
      headers,
      body: JSON.stringify({
        amazonAuthorizationCode: amazonCode(),
        authorizationCode: YOUR_AUTH_CODE,
        redirectUri: APP_REDIRECT_URL,
      }),
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/enablement', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1' },
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: decision.claims } },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    const { result, output } = await captureOutput(() => handler(event, {}));
    return {
      statusCode: result.statusCode,
      body: JSON.parse(result.body) as Record<string, unknown>,
      output,
      functionCalled: true,
    };
  } finally {
    for (const name of [...Object.keys(AWS_ENV), 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) {
      delete process.env[name];
    }
    for (const route of [...routes].reverse()) route.restore();
  }
}

test("the synthesized authorizer trusts the OIDC issuer, for the Alexa client and your app's", () => {
  expect(authorizerConfig).toEqual({
    header: 'authorization',
    issuer,
    audience: [ALEXA_CLIENT_ID, APP_CLIENT_ID],
  });
});

test("your user's ID token from your app's client links the skill: 201, the user's subject logged", async () => {
  const tokens = await signIn(APP_CLIENT_ID);
  expect(claimsOf(tokens.id_token)).toMatchObject({
    iss: issuer,
    aud: APP_CLIENT_ID,
    sub: USER.sub,
  });
  amazon.requests.length = 0;

  const answer = await postLink(tokens.id_token);

  expect(answer).toMatchObject({
    statusCode: 201,
    functionCalled: true,
    body: { enabled: true, status: 'ENABLED', accountLinkStatus: 'LINKED' },
  });
  expect(amazon.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'POST /auth/o2/token',
    'GET /v1/alexaApiEndpoint',
    `POST /v1/users/~current/skills/${SKILL_ID}/enablement`,
  ]);
  expect(amazon.requests[1]?.authorization).toBe(`Bearer ${AMAZON_ACCESS_TOKEN}`);
  // The authorizer's subject reached the function's log line; no token did.
  expect(answer.output).toContain(USER.sub);
  for (const secret of [tokens.id_token, tokens.access_token, YOUR_AUTH_CODE]) {
    expect(answer.output).not.toContain(secret);
  }
});

test('an ID token of another application on the same tenant: 401, the function never called', async () => {
  const tokens = await signIn(OTHER_CLIENT_ID);
  expect(claimsOf(tokens.id_token)).toMatchObject({ iss: issuer, aud: OTHER_CLIENT_ID });
  amazon.requests.length = 0;
  expect(await postLink(tokens.id_token)).toEqual({
    statusCode: 401,
    reason: 'audience',
    functionCalled: false,
  });
  expect(amazon.requests).toEqual([]);
});

test('an Auth0-style access token (aud = the API, not a client) is refused: your app sends the ID token', async () => {
  const tokens = await signIn(APP_CLIENT_ID);
  expect(claimsOf(tokens.access_token).aud).toBe(AUDIENCE);
  expect(await postLink(tokens.access_token)).toMatchObject({
    statusCode: 401,
    reason: 'audience',
    functionCalled: false,
  });
});

test('an expired ID token: 401, the function never called', async () => {
  const tokens = await signIn(APP_CLIENT_ID);
  // Only the clock moves: sockets and timers stay real.
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
  jest.setSystemTime(Date.now() + (ID_TOKEN_TTL + 60) * 1000);
  try {
    expect(await postLink(tokens.id_token)).toEqual({
      statusCode: 401,
      reason: 'expired',
      functionCalled: false,
    });
  } finally {
    jest.useRealTimers();
  }
});

test('a token signed by another key under the same kid: 401 bad signature', async () => {
  const tokens = await signIn(APP_CLIENT_ID);
  const [head, body] = tokens.id_token.split('.');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
  expect(await postLink(forged)).toMatchObject({ statusCode: 401, reason: 'bad signature' });
});
