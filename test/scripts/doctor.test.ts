import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describeStacksAnswer } from '../support/cloudformation-fixtures';
import { createSmapiClient } from '../../lambda/link-settings/smapi-client';
import { runDoctor } from '../../scripts/doctor/command';
import {
  COGNITO_FIXTURE_CLIENT_SECRET,
  FIXTURE_SECRETS,
  LWA_FIXTURE,
} from '../support/fixture-secrets';
import { SKILL_ID, VENDOR_ID } from '../support/infra';
import { sendJson, startHttpServer, type LoopbackServer } from '../support/loopback';
import { startSmapiStandIn, type SmapiStandIn } from '../support/smapi-stand-in';

const cloudFormation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
const CLIENT_ID = 'alexaclientid123';
const POOL_ID = 'us-east-1_Pool1';
const REDIRECTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
  (host) => `https://${host}/api/skill/link/${VENDOR_ID}`
);

/** What Cognito's hosted endpoints do, with the faults a real deployment can have. */
const cognitoState = {
  allowedRedirects: REDIRECTS,
  tokenDelayMs: 0,
  brandingMissing: false,
  jwksUp: true,
};
let hosted: LoopbackServer;
let standIn: SmapiStandIn;
let cwd: string;
let printed: string[];

beforeAll(async () => {
  hosted = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/oauth2/authorize') {
      const ok =
        url.searchParams.get('client_id') === CLIENT_ID &&
        cognitoState.allowedRedirects.includes(url.searchParams.get('redirect_uri') ?? '');
      res.writeHead(302, {
        location: ok
          ? `/login?${url.searchParams}`
          : `/error?error=redirect_mismatch&client_id=${CLIENT_ID}`,
      });
      return res.end();
    }
    if (url.pathname === '/oauth2/token') {
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${COGNITO_FIXTURE_CLIENT_SECRET}`).toString('base64')}`;
      const answer = () =>
        req.headers.authorization === expected
          ? sendJson(res, 400, { error: 'invalid_grant' })
          : sendJson(res, 401, { error: 'invalid_client' });
      req.resume();
      return void setTimeout(answer, cognitoState.tokenDelayMs);
    }
    if (url.pathname === '/oauth2/userInfo') return sendJson(res, 401, { error: 'invalid_token' });
    if (url.pathname === '/login') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        cognitoState.brandingMissing
          ? '<h1>Login pages unavailable</h1>'
          : '<form method="post"><input name="username"></form>'
      );
    }
    if (url.pathname === `/idp/${POOL_ID}/.well-known/jwks.json` && cognitoState.jwksUp)
      return sendJson(res, 200, { keys: [{ kid: 'k', kty: 'RSA' }] });
    return sendJson(res, 404, {});
  });
  standIn = await startSmapiStandIn(SKILL_ID);
});
afterAll(async () => {
  await hosted.close();
  await standIn.close();
});

beforeEach(() => {
  Object.assign(cognitoState, {
    allowedRedirects: REDIRECTS,
    tokenDelayMs: 0,
    brandingMissing: false,
    jwksUp: true,
  });
  cloudFormation.reset();
  cognito.reset();
  secrets.reset();
  const outputs = {
    AuthorizationUri: `${hosted.url}/oauth2/authorize`,
    AccessTokenUri: `${hosted.url}/oauth2/token`,
    ClientId: CLIENT_ID,
    Scopes: 'openid,email,profile',
    DomainList: '127.0.0.1',
    SkillId: SKILL_ID,
    UserPoolId: POOL_ID,
    AlexaRedirectUrls: REDIRECTS.join(','),
  };
  cloudFormation
    .on(DescribeStacksCommand)
    .resolves(describeStacksAnswer('AlexaAccountLinking-dev', outputs));
  cognito.on(DescribeUserPoolClientCommand).resolves({
    UserPoolClient: { ClientId: CLIENT_ID, ClientSecret: COGNITO_FIXTURE_CLIENT_SECRET },
  });
  secrets
    .on(GetSecretValueCommand, { SecretId: 'alexa/smapi' })
    .resolves({ SecretString: JSON.stringify(LWA_FIXTURE) });
  standIn.current = {
    type: 'AUTH_CODE',
    authorizationUrl: outputs.AuthorizationUri,
    accessTokenUrl: outputs.AccessTokenUri,
    clientId: CLIENT_ID,
    accessTokenScheme: 'HTTP_BASIC',
    scopes: ['openid', 'email', 'profile'],
    domains: ['127.0.0.1'],
  };
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
  printed = [];
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

const doctor = (argv: string[] = [], tokenLatencyBudgetMs?: number) =>
  runDoctor(argv, {
    cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
    cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
    secrets: new SecretsManagerClient({ region: 'us-east-1' }),
    smapi: createSmapiClient({
      lwaTokenUrl: standIn.lwaTokenUrl,
      smapiBaseUrl: standIn.smapiBaseUrl,
    }),
    cwd,
    print: (text) => printed.push(text),
    cognitoIdpUrl: () => `${hosted.url}/idp`,
    tokenLatencyBudgetMs,
  });

const row = (check: string) =>
  printed
    .join('\n')
    .split('\n')
    .find((line) => line.startsWith(`| ${check} `)) ?? '';

describe('npm run doctor', () => {
  test('a healthy deployment passes every check and exits 0', async () => {
    expect(await doctor()).toBe(0);
    for (const check of [
      'authorize with pitangui.amazon.com',
      'authorize with layla.amazon.com',
      'authorize with alexa.amazon.co.jp',
      'token endpoint credentials',
      'token endpoint latency',
      'JWKS endpoint',
      'userInfo endpoint',
      'managed login page',
    ]) {
      expect(row(check)).toMatch(/\| PASS +\|/);
    }
    expect(row('skill account-linking settings')).toMatch(
      /\| SKIP +\| no Skill Management API credentials\. Fix: Pass --smapi-secret/
    );
    expect(printed.at(-1)).toBe('All checks passed.');
    expect(printed.join('\n')).not.toContain(COGNITO_FIXTURE_CLIENT_SECRET);
  });

  test('a missing regional redirect URL fails that check with the fix', async () => {
    cognitoState.allowedRedirects = REDIRECTS.slice(0, 2);
    expect(await doctor()).toBe(1);
    expect(row('authorize with alexa.amazon.co.jp')).toMatch(
      /FAIL .*redirect_mismatch.*Fix: https:\/\/alexa\.amazon\.co\.jp\/api\/skill\/link\/M2TESTVENDOR42 is not an allowed callback URL: set alexaVendorId/
    );
    expect(row('authorize with pitangui.amazon.com')).toMatch(/PASS/);
    expect(printed.at(-1)).toBe('1 check(s) failed.');
  });

  test('a wrong client secret fails the credentials check with invalid_client', async () => {
    cognito
      .on(DescribeUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: CLIENT_ID, ClientSecret: 'stale-secret' } });
    expect(await doctor()).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| HTTP 401 invalid_client\. Fix: The client ID or secret is wrong/
    );
  });

  test('a token endpoint slower than the budget fails the latency check', async () => {
    cognitoState.tokenDelayMs = 300;
    expect(await doctor([], 100)).toBe(1);
    expect(row('token endpoint latency')).toMatch(/FAIL +\| \d{3,} ms, over Alexa's 100 ms/);
    expect(row('token endpoint credentials')).toMatch(/PASS/);
  });

  test('"Login pages unavailable" and a missing key set fail with their fixes', async () => {
    cognitoState.brandingMissing = true;
    cognitoState.jwksUp = false;
    expect(await doctor()).toBe(1);
    expect(row('managed login page')).toMatch(
      /FAIL +\| "Login pages unavailable"\. Fix: Managed login needs a branding style/
    );
    expect(row('JWKS endpoint')).toMatch(/FAIL +\| HTTP 404 without keys/);
  });

  test("with API credentials, compares the skill's settings with the stack", async () => {
    expect(await doctor(['--smapi-secret', 'alexa/smapi'])).toBe(0);
    expect(row('skill account-linking settings')).toMatch(
      /PASS +\| the development stage matches the stack/
    );

    standIn.current = {
      ...standIn.current,
      clientId: 'old-client',
      accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
    };
    printed = [];
    expect(await doctor(['--smapi-secret', 'alexa/smapi'])).toBe(1);
    expect(row('skill account-linking settings')).toMatch(
      /FAIL +\| differs in clientId, accessTokenScheme\. Fix: Run npm run link-config/
    );
    for (const secret of FIXTURE_SECRETS) expect(printed.join('\n')).not.toContain(secret);
  });
});
