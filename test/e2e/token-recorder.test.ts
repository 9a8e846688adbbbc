/**
 * The token-exchange recorder exactly as Lambda runs it (its bundle from a synthesized cloud
 * assembly, the recorder on with linkingServer=oidc) in front of the oidc-provider Auth0 stand-in:
 * each exchange Alexa makes passes through unchanged and is recorded as one log line and metrics.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CookieJar, httpsRequest } from '../support/https-client';
import {
  startAuth0StandIn,
  type RunningAuthorizationServer,
} from '../support/authorization-server';
import { synthesizeSkill, type SynthesizedSkill } from '../support/bundle';
import { emfMetrics } from '../support/emf';
import { E2E_CLIENT_SECRET } from '../support/fixture-secrets';
import { OIDC_CONTEXT, VENDOR_ID } from '../support/infra';
import { startHttpServer, type LoopbackServer } from '../support/loopback';
import { captureOutput } from '../support/output-capture';

const CLIENT_ID = 'Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A';
const USER = {
  sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
  email: 'ada@example.com',
  password: 'Correct-Horse-9!',
  name: 'Ada Lovelace',
  givenName: 'Ada',
};
const REDIRECT_URI = `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`;
const SCOPE = 'openid profile email offline_access';
const ACCESS_TOKEN_TTL = 600;

type RecorderHandler = (
  event: APIGatewayProxyEventV2
) => Promise<APIGatewayProxyStructuredResultV2>;

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let server: RunningAuthorizationServer;
let skill: SynthesizedSkill;
let recorderDir: string;
let recorderEnv: Record<string, string>;

/** The Auth0 stand-in for Alexa's client, with refresh tokens that live `refreshTokenTtlSeconds`. */
function startServer(refreshTokenTtlSeconds: number): Promise<RunningAuthorizationServer> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return startAuth0StandIn({
    client: {
      client_id: CLIENT_ID,
      client_secret: E2E_CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    },
    user: USER,
    signingKey: { ...privateKey.export({ format: 'jwk' }), kid: 'rec-1', alg: 'RS256', use: 'sig' },
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds,
  });
}

beforeAll(async () => {
  server = await startServer(30 * 24 * 3600);
  skill = synthesizeSkill({
    ...OIDC_CONTEXT,
    domainPrefix: undefined,
    oidcIssuer: `${server.httpsUrl}/`,
    oidcAuthorizationUrl: `${server.httpsUrl}/authorize`,
    oidcTokenUrl: `${server.httpsUrl}/oauth/token`,
    oidcUserInfoUrl: undefined,
    oidcClientId: CLIENT_ID,
    recordTokenExchanges: true,
  });
  const [description, dir] = Object.entries(skill.bundleDirsByDescription).find(([d]) =>
    d.startsWith('Token-exchange recorder')
  ) as [string, string];
  recorderDir = dir;
  const fn = Object.values(skill.template.Resources).find(
    (r) => r.Properties.Description === description
  );
  const synthesized = (fn?.Properties.Environment as { Variables: Record<string, string> })
    .Variables;
  expect(synthesized.UPSTREAM_TOKEN_URL).toBe(`${server.httpsUrl}/oauth/token`);
  // The same server over plain HTTP: Node's fetch (undici) cannot be told to trust the test
  // certificate from inside a jest sandbox, and the recorder's TLS is not what is tested here.
  recorderEnv = { ...synthesized, UPSTREAM_TOKEN_URL: `${server.httpUrl}/oauth/token` };
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (skill) fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

/** A fresh container of the recorder bundle, with the synthesized environment (and overrides). */
function loadRecorder(env: Record<string, string> = {}): RecorderHandler {
  const saved = { ...process.env };
  Object.assign(process.env, recorderEnv, env);
  try {
    let handler: RecorderHandler | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(path.join(recorderDir, 'index.js')).handler as RecorderHandler;
    });
    return handler as RecorderHandler;
  } finally {
    process.env = saved;
  }
}

/** Alexa's token request as API Gateway's HTTP API (payload 2.0) hands it to the function. */
function alexaTokenEvent(form: Record<string, string>, secret = E2E_CLIENT_SECRET) {
  return {
    version: '2.0',
    routeKey: 'POST /token',
    rawPath: '/token',
    rawQueryString: '',
    headers: {
      authorization: basic(CLIENT_ID, secret),
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      'x-forwarded-for': '203.0.113.7',
    },
    requestContext: { http: { method: 'POST', path: '/token' } },
    body: Buffer.from(new URLSearchParams(form).toString()).toString('base64'),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

async function viaRecorder(handler: RecorderHandler, event: APIGatewayProxyEventV2) {
  const { result, output } = await captureOutput(() => handler(event));
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const lines = output
    .split('\n')
    .filter((l) => l.includes('"token exchange"'))
    .map((l) => JSON.parse(l) as { exchange: Record<string, unknown> });
  expect(lines).toHaveLength(1);
  return {
    result,
    body,
    json: JSON.parse(body.toString()),
    output,
    record: lines[0]?.exchange,
    metrics: emfMetrics(output),
  };
}

async function direct(form: Record<string, string>, secret = E2E_CLIENT_SECRET) {
  const response = await httpsRequest(`${server.httpsUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: basic(CLIENT_ID, secret),
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    },
    body: new URLSearchParams(form).toString(),
  });
  return response;
}

async function authorizationCode(at: RunningAuthorizationServer = server): Promise<string> {
  const jar = new CookieJar();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    state: 'st',
    audience: OIDC_CONTEXT.oidcAudience as string,
  });
  const start = await httpsRequest(`${at.httpsUrl}/authorize?${query}`);
  jar.store(start);
  const loginPath = start.headers.location as string;
  const posted = await httpsRequest(`${at.httpsUrl}${loginPath}/login`, {
    method: 'POST',
    headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: USER.email, password: USER.password }).toString(),
  });
  jar.store(posted);
  const resumed = await httpsRequest(posted.headers.location as string, { headers: jar.header() });
  return new URL(resumed.headers.location as string).searchParams.get('code') as string;
}

const metricValue = (metrics: ReturnType<typeof emfMetrics>, name: string) =>
  metrics.filter((m) => m.name === name && m.dimensions.Outcome === undefined).map((m) => m.value);

const secretsIn = (text: string, secrets: string[]) => secrets.filter((s) => text.includes(s));

describe('the recorder bundle in front of an OIDC server', () => {
  test('link, refresh, a reused code, a wrong secret and a revoked refresh token pass through unchanged and are recorded', async () => {
    const handler = loadRecorder();
    // Link: the code exchange.
    const code = await authorizationCode();
    const linked = await viaRecorder(
      handler,
      alexaTokenEvent({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })
    );
    expect(linked.result.statusCode).toBe(200);
    expect(linked.result.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    expect(linked.json).toMatchObject({ token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL });
    expect(linked.record).toEqual({
      grantType: 'authorization_code',
      status: 200,
      outcome: 'ok',
      latencyMs: expect.any(Number),
      expiresInPresent: true,
      expiresIn: ACCESS_TOKEN_TTL,
      refreshTokenPresent: true,
      shortLived: false,
      clientId: CLIENT_ID,
      alexaRegion: 'NA',
    });
    expect(metricValue(linked.metrics, 'TokenExchanges')).toEqual([1]);
    expect(linked.metrics.find((m) => m.dimensions.Outcome === 'ok')?.dimensions).toEqual({
      service: 'alexa-account-linking-skill',
      Stage: 'dev',
      GrantType: 'authorization_code',
      Outcome: 'ok',
    });
    const {
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
    } = linked.json as Record<string, string>;
    expect(
      secretsIn(
        linked.output,
        [code, accessToken, refreshToken, idToken, E2E_CLIENT_SECRET].filter(
          (value): value is string => typeof value === 'string'
        )
      )
    ).toEqual([]);

    // Refresh.
    const refreshed = await viaRecorder(
      handler,
      alexaTokenEvent({ grant_type: 'refresh_token', refresh_token: refreshToken as string })
    );
    expect(refreshed.result.statusCode).toBe(200);
    expect(refreshed.record).toMatchObject({ grantType: 'refresh_token', outcome: 'ok' });
    expect(refreshed.record?.alexaRegion).toBeUndefined();
    const newRefresh = (refreshed.json as Record<string, string>).refresh_token ?? refreshToken;

    // The code again: the server refuses it, and the recorder's answer is the server's, byte for byte.
    const reused = await viaRecorder(
      handler,
      alexaTokenEvent({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })
    );
    const reusedDirect = await direct({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(reused.result.statusCode).toBe(reusedDirect.status);
    expect(reused.body.toString()).toBe(reusedDirect.body);
    expect(reused.record).toMatchObject({ outcome: 'invalid_grant', error: 'invalid_grant' });
    expect(metricValue(reused.metrics, 'InvalidGrantRefreshes')).toEqual([]);

    // A wrong secret: 401 invalid_client, as the server answers it.
    const wrong = await viaRecorder(
      handler,
      alexaTokenEvent(
        { grant_type: 'refresh_token', refresh_token: newRefresh as string },
        'not-the-secret-42'
      )
    );
    const wrongDirect = await direct(
      { grant_type: 'refresh_token', refresh_token: newRefresh as string },
      'not-the-secret-42'
    );
    expect(wrong.result.statusCode).toBe(401);
    expect(wrong.body.toString()).toBe(wrongDirect.body);
    expect(wrong.result.headers?.['www-authenticate']).toBe(
      wrongDirect.headers['www-authenticate']
    );
    expect(wrong.record).toMatchObject({ status: 401, outcome: 'invalid_client' });
    expect(secretsIn(wrong.output, ['not-the-secret-42', newRefresh as string])).toEqual([]);

    // Revoked: the refresh fails with invalid_grant, a user Alexa is about to unlink.
    const revoked = await httpsRequest(`${server.httpsUrl}/oauth/revoke`, {
      method: 'POST',
      headers: {
        authorization: basic(CLIENT_ID, E2E_CLIENT_SECRET),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        token: newRefresh as string,
        token_type_hint: 'refresh_token',
      }).toString(),
    });
    expect(revoked.status).toBe(200);
    const unlinking = await viaRecorder(
      handler,
      alexaTokenEvent({ grant_type: 'refresh_token', refresh_token: newRefresh as string })
    );
    expect(unlinking.result.statusCode).toBe(400);
    expect(unlinking.record).toMatchObject({
      grantType: 'refresh_token',
      outcome: 'invalid_grant',
    });
    expect(metricValue(unlinking.metrics, 'InvalidGrantRefreshes')).toEqual([1]);
    expect(secretsIn(unlinking.output, [newRefresh as string, E2E_CLIENT_SECRET])).toEqual([]);
  }, 60_000);

  test('an expired refresh token: the refresh fails with invalid_grant, recorded as a user Alexa unlinks', async () => {
    const shortLived = await startServer(2);
    try {
      const handler = loadRecorder({ UPSTREAM_TOKEN_URL: `${shortLived.httpUrl}/oauth/token` });
      const code = await authorizationCode(shortLived);
      const linked = await viaRecorder(
        handler,
        alexaTokenEvent({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })
      );
      expect(linked.result.statusCode).toBe(200);
      const refreshToken = (linked.json as Record<string, string>).refresh_token as string;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const expired = await viaRecorder(
        handler,
        alexaTokenEvent({ grant_type: 'refresh_token', refresh_token: refreshToken })
      );
      expect(expired.result.statusCode).toBe(400);
      expect(expired.json).toMatchObject({ error: 'invalid_grant' });
      expect(expired.record).toMatchObject({
        grantType: 'refresh_token',
        outcome: 'invalid_grant',
      });
      expect(metricValue(expired.metrics, 'InvalidGrantRefreshes')).toEqual([1]);
      expect(secretsIn(expired.output, [refreshToken, E2E_CLIENT_SECRET])).toEqual([]);
    } finally {
      await shortLived.stop();
    }
  }, 60_000);

  describe('against misbehaving token endpoints', () => {
    let slow: LoopbackServer;
    let redirecting: LoopbackServer;
    let target: LoopbackServer;
    beforeAll(async () => {
      slow = await startHttpServer((_req, res) => {
        setTimeout(() => res.writeHead(200).end('{}'), 6000).unref();
      });
      target = await startHttpServer((_req, res) => res.writeHead(200).end('{}'));
      redirecting = await startHttpServer((_req, res) =>
        res.writeHead(307, { location: `${target.url}/oauth/token` }).end()
      );
    });
    afterAll(async () => {
      await Promise.all([slow.close(), redirecting.close(), target.close()]);
    });

    test('a slow endpoint ends within the 4 s deadline in a 504 Alexa retries, recorded as timeout', async () => {
      const handler = loadRecorder({ UPSTREAM_TOKEN_URL: `${slow.url}/oauth/token` });
      const started = Date.now();
      const { result, record, json } = await viaRecorder(
        handler,
        alexaTokenEvent({ grant_type: 'refresh_token', refresh_token: 'rt-slow-0001' })
      );
      const elapsed = Date.now() - started;
      expect(result.statusCode).toBe(504);
      expect(json).toMatchObject({ error: 'temporarily_unavailable' });
      expect(elapsed).toBeGreaterThanOrEqual(3900);
      expect(elapsed).toBeLessThan(4500);
      expect(record).toMatchObject({ outcome: 'timeout', status: 504 });
    }, 15_000);

    test('a redirect is refused with a 502 and never followed', async () => {
      const handler = loadRecorder({ UPSTREAM_TOKEN_URL: `${redirecting.url}/oauth/token` });
      const { result, record } = await viaRecorder(
        handler,
        alexaTokenEvent({ grant_type: 'refresh_token', refresh_token: 'rt-redirect-0001' })
      );
      expect(result.statusCode).toBe(502);
      expect(record).toMatchObject({ outcome: 'redirect_refused', status: 502 });
      expect(redirecting.hits).toEqual(['/oauth/token']);
      expect(target.hits).toEqual([]);
    });
  });
});
