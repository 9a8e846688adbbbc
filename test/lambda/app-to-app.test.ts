/**
 * App-to-app linking started from your app, through the function's bundle from a synthesized
 * assembly, against loopback stand-ins answering as Login with Amazon, the Alexa endpoint discovery,
 * the Skill Enablement API and Secrets Manager. The user's token is a real RS256 JWT, seen by the
 * function as API Gateway's JWT authorizer hands it on (the Authorization header and its claims).
 */
import * as fs from 'node:fs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { synthesizeSkill, loadBundledHandler, type SynthesizedSkill } from '../support/bundle';
import { SKILL_ID } from '../support/infra';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import {
  AMAZON_ACCESS_TOKEN,
  APP_REDIRECT_URL,
  APP_TO_APP_CLIENT,
  ENABLED,
  EXPIRED_AMAZON_CODE,
  PKCE_VERIFIER,
  REDIRECTING_AMAZON_CODE,
  YOUR_AUTH_CODE,
  amazonCode,
  startAppToAppStandIn,
  startSecretsStandIn,
  type AppToAppStandIn,
} from '../support/app-to-app-stand-in';
import { captureOutput } from '../support/output-capture';
import { routeFetchOrigin } from '../support/trust-test-ca';

const SECRET_NAME = 'alexa/app-to-app-client';
const DESCRIPTION = 'App-to-app linking: links the skill for a user of your app';
const USER_KEY = generateTestKey('app-user-key');
const claims = accessTokenClaims();
const USER_JWT = signRs256(USER_KEY, claims);

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: unknown
) => Promise<{ statusCode: number; body: string }>;

let skill: SynthesizedSkill;
let bundleDir: string;
let environment: Record<string, string>;
let amazon: AppToAppStandIn;
let secrets: Awaited<ReturnType<typeof startSecretsStandIn>>;
let routes: { restore(): void; urls: string[] }[];
let handler: Handler;
/** Every URL the function fetched, as it wrote it (the outer route records before rewriting). */
const called = () => routes[routes.length - 1]?.urls ?? [];
const AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
};

beforeAll(async () => {
  skill = synthesizeSkill({
    appToAppLinking: true,
    appToAppLinkingSecret: SECRET_NAME,
    appRedirectUrls: APP_REDIRECT_URL,
  });
  bundleDir = skill.bundleDirsByDescription[DESCRIPTION] as string;
  const fn = Object.values(skill.template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === DESCRIPTION
  );
  environment = (fn?.Properties.Environment as { Variables: Record<string, string> }).Variables;
  amazon = await startAppToAppStandIn(SKILL_ID);
  secrets = await startSecretsStandIn(SECRET_NAME, JSON.stringify(APP_TO_APP_CLIENT));
}, 120_000);

beforeEach(() => {
  // Both Amazon origins the function calls, as a hosts file would send them to the stand-in.
  routes = [
    routeFetchOrigin('https://api.amazon.com', amazon.url),
    routeFetchOrigin('https://api.amazonalexa.com', amazon.url),
  ];
  amazon.requests.length = 0;
  amazon.enablementReplies.length = 0;
  amazon.discovery.endpoints = ['api.amazonalexa.com'];
  // Read by the AWS SDK on the first request, not at load: set for the test's calls.
  Object.assign(process.env, AWS_ENV, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url });
  // A new container per test: the secret is read afresh.
  handler = loadBundledHandler(
    { bundleDir, handlerName: 'index.handler' },
    {
      ...environment,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    }
  ) as unknown as Handler;
});

afterEach(() => {
  for (const name of [...Object.keys(AWS_ENV), 'AWS_ENDPOINT_URL_SECRETS_MANAGER']) {
    delete process.env[name];
  }
  for (const route of [...routes].reverse()) route.restore();
});

afterAll(async () => {
  await amazon?.close();
  await secrets?.close();
  fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

function apiEvent(
  method: 'POST' | 'GET' | 'DELETE',
  options: { body?: unknown; headers?: Record<string, string> } = {}
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: `${method} /enablement`,
    rawPath: '/enablement',
    rawQueryString: '',
    headers: { authorization: `Bearer ${USER_JWT}`, ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      http: {
        method,
        path: '/enablement',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'app',
      },
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: claims as Record<string, string>, scopes: ['openid', 'email', 'profile'] },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
  };
}

const linkBody = (code: string, extra: Record<string, unknown> = {}) => ({
  amazonAuthorizationCode: code,
  authorizationCode: YOUR_AUTH_CODE,
  redirectUri: APP_REDIRECT_URL,
  ...extra,
});
const grantHeaders = (code: string) => ({
  'x-amazon-authorization-code': code,
  'x-redirect-uri': APP_REDIRECT_URL,
});

async function call(event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const { result, output } = await captureOutput(() => handler(event, {}));
  return {
    statusCode: result.statusCode,
    body: result.body === '' ? undefined : (JSON.parse(result.body) as Record<string, unknown>),
    output,
  };
}

test('links: the Amazon code exchanged with the secret read at run time, the endpoint found, the skill enabled', async () => {
  const code = amazonCode();
  const answer = await call(apiEvent('POST', { body: linkBody(code) }));
  expect(answer).toMatchObject({
    statusCode: 201,
    body: { enabled: true, status: 'ENABLED', accountLinkStatus: 'LINKED' },
  });
  expect(called()).toEqual([
    'https://api.amazon.com/auth/o2/token',
    'https://api.amazon.com/v1/alexaApiEndpoint',
    `https://api.amazonalexa.com/v1/users/~current/skills/${SKILL_ID}/enablement`,
  ]);
  const [tokenRequest, discovery, enablement] = amazon.requests;
  expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
    grant_type: 'authorization_code',
    code,
    redirect_uri: APP_REDIRECT_URL,
    client_id: APP_TO_APP_CLIENT.clientId,
    client_secret: APP_TO_APP_CLIENT.clientSecret,
  });
  expect(discovery?.authorization).toBe(`Bearer ${AMAZON_ACCESS_TOKEN}`);
  expect(enablement?.method).toBe('POST');
  expect(JSON.parse(enablement?.body ?? '')).toEqual({
    stage: 'development',
    accountLinkRequest: {
      redirectUri: APP_REDIRECT_URL,
      authCode: YOUR_AUTH_CODE,
      type: 'AUTH_CODE',
    },
  });
  expect(secrets.reads).toContain(SECRET_NAME);
  // One log line with the user's subject and the outcome; no code, token, JWT or secret.
  expect(answer.output).toContain(String(claims.sub));
  for (const secret of [
    code,
    YOUR_AUTH_CODE,
    AMAZON_ACCESS_TOKEN,
    USER_JWT,
    APP_TO_APP_CLIENT.clientSecret,
  ]) {
    expect(answer.output).not.toContain(secret);
  }
});

test('links with a PKCE Amazon code, passing its verifier to Login with Amazon', async () => {
  const code = amazonCode('pkce');
  const answer = await call(
    apiEvent('POST', { body: linkBody(code, { amazonCodeVerifier: PKCE_VERIFIER }) })
  );
  expect(answer.statusCode).toBe(201);
  expect(new URLSearchParams(amazon.requests[0]?.body).get('code_verifier')).toBe(PKCE_VERIFIER);
});

test('an expired or reused Amazon code: 400 amazon_code_invalid, and Alexa is never called', async () => {
  const code = amazonCode();
  expect((await call(apiEvent('POST', { body: linkBody(code) }))).statusCode).toBe(201);
  amazon.requests.length = 0;
  for (const stale of [code, EXPIRED_AMAZON_CODE]) {
    const answer = await call(apiEvent('POST', { body: linkBody(stale) }));
    expect(answer).toMatchObject({
      statusCode: 400,
      body: { error: 'amazon_code_invalid', retryable: false },
    });
  }
  expect(amazon.requests.map((r) => r.path)).toEqual(['/auth/o2/token', '/auth/o2/token']);
});

test('a redirect from Amazon is refused, not followed', async () => {
  const answer = await call(apiEvent('POST', { body: linkBody(REDIRECTING_AMAZON_CODE) }));
  expect(answer).toMatchObject({ statusCode: 504, body: { error: 'amazon_unreachable' } });
  expect(called()).toEqual(['https://api.amazon.com/auth/o2/token']);
  expect(amazon.requests.map((r) => r.path)).toEqual(['/auth/o2/token']);
});

test.each([
  [400, 400, 'enablement_bad_request'],
  [401, 410, 'enablement_gone'],
  [403, 403, 'enablement_forbidden'],
  [404, 404, 'not_enabled'],
])('the Skill Enablement API answering %i: %i %s', async (upstream, statusCode, error) => {
  amazon.enablementReplies.push({ status: upstream, body: { message: 'refused' } });
  const answer = await call(apiEvent('POST', { body: linkBody(amazonCode()) }));
  expect(answer).toMatchObject({ statusCode, body: { error, retryable: false } });
});

test('429 then success: retried inside the time limit', async () => {
  amazon.enablementReplies.push({ status: 429 });
  const answer = await call(apiEvent('POST', { body: linkBody(amazonCode()) }));
  expect(answer.statusCode).toBe(201);
  expect(amazon.requests.filter((r) => r.path.endsWith('/enablement'))).toHaveLength(2);
});

test.each([
  [429, 429, 'throttled'],
  [503, 503, 'amazon_unavailable'],
])(
  '%i until the time limit: %i %s, retryable',
  async (upstream, statusCode, error) => {
    for (let i = 0; i < 20; i++) amazon.enablementReplies.push({ status: upstream });
    const started = Date.now();
    const answer = await call(apiEvent('POST', { body: linkBody(amazonCode()) }));
    expect(answer).toMatchObject({ statusCode, body: { error, retryable: true } });
    const attempts = amazon.requests.filter((r) => r.path.endsWith('/enablement')).length;
    expect(attempts).toBeGreaterThan(2);
    // Inside the 8 s deadline, under API Gateway's 10 s integration limit.
    expect(Date.now() - started).toBeLessThan(8500);
  },
  15_000
);

test('status (GET) and unlink (DELETE) with a fresh Amazon code in headers', async () => {
  const status = await call(apiEvent('GET', { headers: grantHeaders(amazonCode()) }));
  expect(status).toMatchObject({
    statusCode: 200,
    body: { enabled: true, status: ENABLED.status },
  });
  amazon.enablementReplies.push({ status: 404 });
  const notEnabled = await call(apiEvent('GET', { headers: grantHeaders(amazonCode()) }));
  expect(notEnabled).toMatchObject({ statusCode: 200, body: { enabled: false } });
  const unlink = await call(apiEvent('DELETE', { headers: grantHeaders(amazonCode()) }));
  expect(unlink.statusCode).toBe(204);
  expect(
    amazon.requests.filter((r) => r.path.endsWith('/enablement')).map((r) => r.method)
  ).toEqual(['GET', 'GET', 'DELETE']);
});

test('a redirect URI outside appRedirectUrls is refused before Amazon is called', async () => {
  const answer = await call(
    apiEvent('POST', {
      body: linkBody(amazonCode(), { redirectUri: 'https://evil.example.com/cb' }),
    })
  );
  expect(answer).toMatchObject({ statusCode: 400, body: { error: 'invalid_request' } });
  expect(String(answer.body?.message)).toContain('redirectUri');
  expect(amazon.requests).toEqual([]);
});

test('an endpoint discovery naming a host that is not Amazon never gets the Amazon token', async () => {
  amazon.discovery.endpoints = ['evil.example.com', 'https://api.amazonalexa.com.evil.example.com'];
  const answer = await call(apiEvent('POST', { body: linkBody(amazonCode()) }));
  expect(answer).toMatchObject({ statusCode: 502, body: { error: 'endpoint_unknown' } });
  expect(called().some((u) => u.includes('evil'))).toBe(false);
});
