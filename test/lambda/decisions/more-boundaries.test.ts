/** Boundaries the first mutation runs found untested, each with a literal expectation. */
import type * as http from 'node:http';
import { loadSkillConfig } from '../../../lambda/core/skill-config';
import { routeDirective } from '../../../lambda/core/smart-home/directive';
import { loadSmartHomeConfig } from '../../../lambda/core/smart-home/smart-home-config';
import {
  LWA_PROFILE_URL,
  LWA_TOKEN_INFO_URL,
  createLoginWithAmazonVerifier,
} from '../../../lambda/verifiers/login-with-amazon/lwa-linking-verifier';
import { createUserInfoClient } from '../../../lambda/verifiers/shared/user-info-client';
import { startHttpServer, type LoopbackServer } from '../../support/loopback';

const SKILL_ID = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

test('the Login with Amazon endpoints', () => {
  expect([LWA_TOKEN_INFO_URL, LWA_PROFILE_URL]).toStrictEqual([
    'https://api.amazon.com/auth/o2/tokeninfo',
    'https://api.amazon.com/user/profile',
  ]);
});

test.each([
  ['OIDC_JWKS_URL', 'https://id.example.com/jwks.json '],
  ['SIGN_IN_DOMAIN_URL', 'ftp://localhost'],
])('%s %j is refused', (name, value) => {
  const env: Record<string, string> = {
    SKILL_ID,
    USER_POOL_ID: 'us-east-1_AbC123',
    USER_POOL_CLIENT_ID: 'abc123',
    SIGN_IN_DOMAIN_URL: 'https://acme.example.com',
    ...(name.startsWith('OIDC')
      ? {
          LINKING_SERVER: 'oidc',
          OIDC_ISSUER: 'https://id.example.com/',
          OIDC_AUDIENCE: 'api',
          OIDC_CLIENT_ID: 'alexa-app',
          OIDC_JWKS_URL: 'https://id.example.com/jwks.json',
        }
      : {}),
    [name]: value,
  };
  expect(() => loadSkillConfig(env)).toThrow(`Environment variable ${name} is "${value}"`);
});

test('a secret ARN of another partition is taken for the Alexa events', () => {
  const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x';
  expect(
    loadSmartHomeConfig({ SKILL_ID, DEVICES_TABLE_NAME: 'abc', ALEXA_EVENTS_SECRET_ID: arn })
  ).toStrictEqual({ skillId: SKILL_ID, devicesTableName: 'abc', alexaEventsSecretId: arn });
});

test.each<[string, unknown, unknown]>([
  ['an empty correlation token', '', {}],
  ['one of 8193 characters', 't'.repeat(8193), {}],
  ['one of 8192 characters', 't'.repeat(8192), { correlationToken: 't'.repeat(8192) }],
])('the echo of %s', (_case, correlationToken, echo) => {
  const parsed = routeDirective({
    directive: {
      header: { namespace: 'Alexa', name: 'ReportState', payloadVersion: '3', correlationToken },
      endpoint: { endpointId: 'lamp.x' },
      payload: {},
    },
  });
  expect(parsed.ok ? undefined : parsed.echo).toStrictEqual(echo);
});

describe('on loopback', () => {
  let server: LoopbackServer;
  let answer = '';
  let hits: string[] = [];
  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/profile' ? JSON.stringify({ name: '  ' }) : answer);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    hits = [];
  });

  test('token-info answering JSON null is unverifiable', async () => {
    answer = 'null';
    const lwa = createLoginWithAmazonVerifier(
      { lwaClientId: 'c' },
      { tokenInfoUrl: `${server.url}/ti`, profileUrl: `${server.url}/profile` }
    );
    expect(await lwa.decide('Atza|x')).toStrictEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
  });

  test('a blank profile name is no name', async () => {
    answer = JSON.stringify({ aud: 'c', exp: 60, user_id: 'u' });
    const lwa = createLoginWithAmazonVerifier(
      { lwaClientId: 'c' },
      { tokenInfoUrl: `${server.url}/ti`, profileUrl: `${server.url}/profile` }
    );
    expect(await lwa.profileOf({ userId: 'u', username: 'u', scopes: [] }, 'Atza|y')).toStrictEqual(
      {
        givenName: undefined,
        email: undefined,
      }
    );
  });

  test('a user asked again after expiry becomes the newest entry', async () => {
    answer = JSON.stringify({ given_name: 'Ada' });
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      maxEntries: 2,
      ttlMs: 10,
      now: () => clock,
    });
    await users.profileFor('a', 't'); // expires at 10
    clock = 5;
    await users.profileFor('b', 't'); // expires at 15
    clock = 12;
    await users.profileFor('a', 't'); // expired: asked again, now the newest
    await users.profileFor('c', 't'); // evicts b, the oldest
    expect(hits).toHaveLength(4);
    await users.profileFor('a', 't');
    expect(hits).toHaveLength(4);
  });
});
