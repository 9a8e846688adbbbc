import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
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
import { sendJson } from '../support/loopback';
import { startHostsOnLoopback, type HostsOnLoopback } from '../support/cognito-on-loopback';
import {
  LWA_TOKEN_ENDPOINT,
  tokenEndpointVerdict,
  type TokenEndpointFacts,
} from '../../scripts/doctor/token-endpoint';
import { startSmapiStandIn, type SmapiStandIn } from '../support/smapi-stand-in';
import { recordExchange } from '../../lambda/token-recorder/exchange-record';
import { createExchangeReporter } from '../../lambda/token-recorder/report';
import { probeCertificate } from '../../scripts/doctor/certificate-probe';
import { captureOutput } from '../support/output-capture';

const cloudFormation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
const CLIENT_ID = 'alexaclientid123';
const POOL_ID = 'us-east-1_Pool1';
const SIGN_IN_HOST = 'acme-alexa-sign-in.auth.us-east-1.amazoncognito.com';
const IDP_HOST = 'cognito-idp.us-east-1.amazonaws.com';
/** Hosts an attacker (or a typo) could put in the outputs. */
const EVIL_HOST = 'evil.example.com';
const ELSEWHERE_HOST = 'elsewhere.example.com';
const REDIRECTS = ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(
  (host) => `https://${host}/api/skill/link/${VENDOR_ID}`
);

/** What Cognito's hosted endpoints do, with the faults a real deployment can have. */
const cognitoState = {
  allowedRedirects: REDIRECTS,
  tokenDelayMs: 0,
  brandingMissing: false,
  jwksUp: true,
  tokenRedirect: false,
};
let hosted: HostsOnLoopback;
/** Bodies and headers received by the hosts that must never see a credential. */
let foreign: string[];
let standIn: SmapiStandIn;
let cwd: string;
let printed: string[];
let baseOutputs: Record<string, string>;

beforeAll(async () => {
  hosted = await startHostsOnLoopback(
    [SIGN_IN_HOST, IDP_HOST, EVIL_HOST, ELSEWHERE_HOST],
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      if (req.headers.host === EVIL_HOST || req.headers.host === ELSEWHERE_HOST) {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        return void req.on('end', () => {
          foreign.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
          if (url.pathname === '/oauth2/authorize') {
            res.writeHead(302, { location: `/login?${url.searchParams}` });
            res.end();
            return;
          }
          sendJson(res, 400, { error: 'invalid_grant' });
        });
      }
      if (req.headers.host === IDP_HOST) {
        if (url.pathname === `/${POOL_ID}/.well-known/jwks.json` && cognitoState.jwksUp)
          return sendJson(res, 200, { keys: [{ kid: 'k', kty: 'RSA' }] });
        return sendJson(res, 404, {});
      }
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
      if (url.pathname === '/oauth2/token' && cognitoState.tokenRedirect) {
        req.resume();
        res.writeHead(307, { location: `https://${ELSEWHERE_HOST}/oauth2/token` });
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
      if (url.pathname === '/oauth2/userInfo')
        return sendJson(res, 401, { error: 'invalid_token' });
      if (url.pathname === '/login') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(
          cognitoState.brandingMissing
            ? '<h1>Login pages unavailable</h1>'
            : '<form method="post"><input name="username"></form>'
        );
      }
      return sendJson(res, 404, {});
    }
  );
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
    tokenRedirect: false,
  });
  foreign = [];
  cloudFormation.reset();
  cognito.reset();
  secrets.reset();
  const outputs = {
    AuthorizationUri: `https://${SIGN_IN_HOST}/oauth2/authorize`,
    AccessTokenUri: `https://${SIGN_IN_HOST}/oauth2/token`,
    ClientId: CLIENT_ID,
    Scopes: 'openid,email,profile',
    DomainList: SIGN_IN_HOST,
    SkillId: SKILL_ID,
    UserPoolId: POOL_ID,
    AlexaRedirectUrls: REDIRECTS.join(','),
  };
  cloudFormation
    .on(DescribeStacksCommand)
    .resolves(describeStacksAnswer('AlexaAccountLinking-dev', outputs));
  cognito.on(DescribeUserPoolClientCommand).resolves({
    UserPoolClient: {
      ClientId: CLIENT_ID,
      ClientSecret: COGNITO_FIXTURE_CLIENT_SECRET,
      CallbackURLs: REDIRECTS,
    },
  });
  cognito
    .on(DescribeUserPoolCommand, { UserPoolId: POOL_ID })
    .resolves({ UserPool: { Id: POOL_ID, Domain: 'acme-alexa-sign-in' } });
  cognito.on(DescribeUserPoolDomainCommand, { Domain: 'acme-alexa-sign-in' }).resolves({
    DomainDescription: { Domain: 'acme-alexa-sign-in', UserPoolId: POOL_ID, Status: 'ACTIVE' },
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
    domains: [SIGN_IN_HOST],
  };
  baseOutputs = outputs;
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
    tokenLatencyBudgetMs,
    fetch: hosted.fetch,
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

  test("compares the stage's optional fields too: extra domains, skipOnEnablement", async () => {
    // GIVEN a stack with an extra domain and skip on enablement for development
    cloudFormation.on(DescribeStacksCommand).resolves(
      describeStacksAnswer('AlexaAccountLinking-dev', {
        ...baseOutputs,
        SkillStages: 'development',
        AccountLinkingRequestExtras: JSON.stringify({
          development: { skipOnEnablement: true, extraDomains: ['fonts.example.com'] },
        }),
      })
    );
    // WHEN the skill has them, as the API answers (skipOnEnablement as a string)
    standIn.current = {
      ...standIn.current,
      domains: [SIGN_IN_HOST, 'fonts.example.com'],
      skipOnEnablement: 'true',
    };
    // THEN it matches
    expect(await doctor(['--smapi-secret', 'alexa/smapi'])).toBe(0);
    expect(row('skill account-linking settings')).toMatch(/PASS +\| the development stage matches/);
    // WHEN the skill lacks them THEN both are named
    standIn.current = { ...standIn.current, domains: [SIGN_IN_HOST], skipOnEnablement: 'false' };
    printed = [];
    expect(await doctor(['--smapi-secret', 'alexa/smapi'])).toBe(1);
    expect(row('skill account-linking settings')).toMatch(
      /FAIL +\| differs in domains, skipOnEnablement\. Fix:/
    );
  });
});

describe("the client secret goes only to the pool's https token endpoint", () => {
  const withOutputs = (overrides: Record<string, string>) =>
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(describeStacksAnswer('AlexaAccountLinking-dev', { ...baseOutputs, ...overrides }));
  const tokenPosts = () => hosted.hits.filter((hit) => hit.endsWith('/oauth2/token'));

  test.each([
    [
      'an http AccessTokenUri',
      { AccessTokenUri: `http://${SIGN_IN_HOST}/oauth2/token` },
      /not sent: AccessTokenUri uses http, not https/,
    ],
    [
      'another host in AccessTokenUri',
      { AccessTokenUri: `https://${EVIL_HOST}/oauth2/token` },
      /not sent: evil\.example\.com is not the AuthorizationUri's host \(acme-alexa-sign-in/,
    ],
    [
      'another host in every output, which Cognito does not report for the pool',
      {
        AuthorizationUri: `https://${EVIL_HOST}/oauth2/authorize`,
        AccessTokenUri: `https://${EVIL_HOST}/oauth2/token`,
        DomainList: EVIL_HOST,
      },
      /not sent: Cognito reports acme-alexa-sign-in\.auth\.us-east-1\.amazoncognito\.com for the pool, not evil\.example\.com/,
    ],
    [
      'a port in AccessTokenUri',
      { AccessTokenUri: `https://${SIGN_IN_HOST}:8443/oauth2/token` },
      /not sent: AccessTokenUri names port 8443/,
    ],
  ])('with %s: a FAIL row says why, and no request carries it', async (_case, overrides, why) => {
    const before = tokenPosts().length;
    withOutputs(overrides);
    expect(await doctor()).toBe(1);
    expect(row('token endpoint credentials')).toMatch(new RegExp(`FAIL +\\| ${why.source}`));
    expect(row('token endpoint latency')).toMatch(/SKIP/);
    expect(tokenPosts()).toHaveLength(before);
    expect(foreign.filter((hit) => hit.startsWith('POST'))).toEqual([]);
    for (const secret of FIXTURE_SECRETS) expect(foreign.join('\n')).not.toContain(secret);
    expect(foreign.join('\n')).not.toContain(
      Buffer.from(`${CLIENT_ID}:${COGNITO_FIXTURE_CLIENT_SECRET}`).toString('base64')
    );
  });

  test("when Cognito cannot be asked for the pool's domain, nothing is sent", async () => {
    const before = tokenPosts().length;
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    expect(await doctor()).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| not sent: the pool's domain could not be confirmed \(AccessDeniedException/
    );
    expect(tokenPosts()).toHaveLength(before);
  });

  test('a redirect from the token endpoint is refused: the credentials never reach the second origin', async () => {
    cognitoState.tokenRedirect = true;
    expect(await doctor()).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| answered with a redirect, refused: the credentials were not sent on/
    );
    expect(foreign).toEqual([]);
  });
});

describe('malformed outputs', () => {
  test('a malformed output is a failed row naming it, and nothing is requested', async () => {
    const before = hosted.hits.length;
    cloudFormation.on(DescribeStacksCommand).resolves(
      describeStacksAnswer('AlexaAccountLinking-dev', {
        ...baseOutputs,
        AuthorizationUri: 'not a url',
        AlexaRedirectUrls: 'https://ok.example.com/x,also not a url',
      })
    );
    expect(await doctor()).toBe(1);
    expect(row('output AuthorizationUri')).toMatch(
      /FAIL +\| malformed: received "not a url", expected an https URL\. Fix: Deploy the stack again/
    );
    expect(row('output AlexaRedirectUrls')).toMatch(/FAIL +\| malformed: received/);
    expect(printed.at(-1)).toBe('2 check(s) failed.');
    expect(hosted.hits.length).toBe(before);
    expect(cognito.calls()).toHaveLength(0);
  });

  test('a missing output is a failed row naming it', async () => {
    const { UserPoolId: _dropped, ...rest } = baseOutputs;
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(describeStacksAnswer('AlexaAccountLinking-dev', rest));
    expect(await doctor()).toBe(1);
    expect(row('output UserPoolId')).toMatch(/FAIL +\| missing/);
  });
});

describe('the command line', () => {
  test('--help prints the usage, every option and an example, and reads nothing', async () => {
    expect(await doctor(['--help'])).toBe(0);
    const help = printed.join('\n');
    expect(help).toMatch(/^Usage: npm run doctor -- \[options\]/);
    for (const option of [
      '--stack <name>',
      '--smapi-secret <name or ARN>',
      '--skill-stage <stage>',
      '--help',
    ])
      expect(help).toContain(option);
    expect(help).toMatch(/Examples?:\n {2}npm run doctor/);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('--stage is refused with the new name', async () => {
    expect.assertions(1);
    await expect(doctor(['--stage', 'live'])).rejects.toThrow(/it is now --skill-stage/);
  });

  test('--skill-stage live compares the live stage', async () => {
    expect(await doctor(['--smapi-secret', 'alexa/smapi', '--skill-stage', 'live'])).toBe(0);
    expect(row('skill account-linking settings')).toMatch(/PASS +\| the live stage matches/);
  });
});

describe('tokenEndpointVerdict for every linking server', () => {
  const cognitoFacts: TokenEndpointFacts = {
    server: 'cognito',
    accessTokenUrl: `https://${SIGN_IN_HOST}/oauth2/token`,
    authorizationUrl: `https://${SIGN_IN_HOST}/oauth2/authorize`,
    domainList: [SIGN_IN_HOST],
    poolDomains: [SIGN_IN_HOST],
  };
  test.each<[string, TokenEndpointFacts, RegExp | string]>([
    ['cognito, all agreeing', cognitoFacts, `https://${SIGN_IN_HOST}/oauth2/token`],
    [
      'cognito, another path',
      { ...cognitoFacts, accessTokenUrl: `https://${SIGN_IN_HOST}/steal` },
      /path is \/steal/,
    ],
    [
      'cognito, not in DomainList',
      { ...cognitoFacts, domainList: ['other.example.com'] },
      /not in DomainList/,
    ],
    [
      'cognito, credentials in the URL',
      { ...cognitoFacts, accessTokenUrl: `https://u:p@${SIGN_IN_HOST}/oauth2/token` },
      /user name or password/,
    ],
    [
      'login-with-amazon, the fixed URL',
      { ...cognitoFacts, server: 'login-with-amazon', accessTokenUrl: LWA_TOKEN_ENDPOINT },
      LWA_TOKEN_ENDPOINT,
    ],
    [
      'login-with-amazon, another URL',
      {
        ...cognitoFacts,
        server: 'login-with-amazon',
        accessTokenUrl: 'https://api.amazon.com.evil.example.com/auth/o2/token',
      },
      /not Login with Amazon's https:\/\/api\.amazon\.com\/auth\/o2\/token/,
    ],
    [
      'oidc, the configured host',
      {
        ...cognitoFacts,
        server: 'oidc',
        accessTokenUrl: 'https://idp.example.com/token',
        configuredTokenUrl: 'https://idp.example.com/oauth/token',
      },
      'https://idp.example.com/token',
    ],
    [
      'oidc, another host',
      {
        ...cognitoFacts,
        server: 'oidc',
        accessTokenUrl: 'https://evil.example.com/token',
        configuredTokenUrl: 'https://idp.example.com/token',
      },
      /not the host of the configured token endpoint \(idp\.example\.com\)/,
    ],
    [
      'oidc, unknown configuration',
      { ...cognitoFacts, server: 'oidc', accessTokenUrl: 'https://idp.example.com/token' },
      /configured token endpoint is unknown/,
    ],
  ])('%s', (_case, facts, expected) => {
    const verdict = tokenEndpointVerdict(facts);
    if (typeof expected === 'string') expect(verdict).toEqual({ send: true, url: expected });
    else expect(verdict.send ? '' : verdict.reason).toMatch(expected);
  });
});

describe('Login with Amazon and OIDC stacks', () => {
  const LWA_HOST = 'api.amazon.com';
  const IDP = 'idp.example.com';
  const LINKING_CLIENT_ID = 'amzn1.application-oa2-client.linking';
  const LINKING_SECRET = 'linking-server-fixture-secret-7d9f1b3d5f7a';
  const server = {
    tokenAnswer: 'invalid_grant' as
      'invalid_grant' | 'token-without-expires' | 'short-lived-token' | 'html-challenge',
    discoveryTokenHost: IDP,
  };
  let remote: HostsOnLoopback;
  /** For each request without HTTP Basic: whether the body carried the client secret. */
  const bodyCredentials: boolean[] = [];

  beforeAll(async () => {
    remote = await startHostsOnLoopback([LWA_HOST, IDP], (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => answer(req, res, new URLSearchParams(body)));
    });
    const answer = (
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
      form: URLSearchParams
    ) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const basic = req.headers.authorization;
      if (!basic) bodyCredentials.push(form.has('client_secret'));
      const credentialsRight = basic
        ? basic ===
          `Basic ${Buffer.from(`${LINKING_CLIENT_ID}:${LINKING_SECRET}`).toString('base64')}`
        : form.get('client_id') === LINKING_CLIENT_ID &&
          form.get('client_secret') === LINKING_SECRET;
      if (req.headers.host === LWA_HOST && url.pathname === '/auth/o2/token')
        return credentialsRight
          ? sendJson(res, 400, { error: 'invalid_grant' })
          : sendJson(res, 401, { error: 'invalid_client' });
      if (url.pathname === '/.well-known/openid-configuration')
        return sendJson(res, 200, {
          issuer: `https://${IDP}`,
          token_endpoint: `https://${server.discoveryTokenHost}/token`,
          jwks_uri: `https://${IDP}/jwks`,
        });
      if (url.pathname === '/jwks') return sendJson(res, 200, { keys: [{ kid: 'o', kty: 'RSA' }] });
      if (url.pathname === '/token') {
        if (!credentialsRight) return sendJson(res, 401, { error: 'invalid_client' });
        if (server.tokenAnswer === 'html-challenge') {
          // What bot protection in front of a server answers a client that runs no JavaScript.
          res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8' });
          return res.end('<!DOCTYPE html><html><title>Just a moment...</title></html>');
        }
        if (server.tokenAnswer === 'short-lived-token')
          return sendJson(res, 200, { access_token: 'x', token_type: 'Bearer', expires_in: 300 });
        return server.tokenAnswer === 'invalid_grant'
          ? sendJson(res, 400, { error: 'invalid_grant' })
          : sendJson(res, 200, { access_token: 'x', token_type: 'Bearer' });
      }
      return sendJson(res, 404, {});
    };
  });
  afterAll(() => remote.close());
  beforeEach(() => {
    Object.assign(server, { tokenAnswer: 'invalid_grant', discoveryTokenHost: IDP });
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/linking-client' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: LINKING_SECRET }) });
  });

  const common = {
    ClientId: LINKING_CLIENT_ID,
    Scopes: 'profile',
    SkillId: SKILL_ID,
    AlexaRedirectUrls: REDIRECTS.join(','),
    ClientSecretName: 'alexa/linking-client',
  };
  const lwaOutputs = {
    ...common,
    LinkingServer: 'login-with-amazon',
    AuthorizationUri: 'https://www.amazon.com/ap/oa',
    AccessTokenUri: LWA_TOKEN_ENDPOINT,
    DomainList: 'amazon.com',
  };
  const oidcOutputs = {
    ...common,
    LinkingServer: 'oidc',
    Issuer: `https://${IDP}`,
    AuthorizationUri: `https://${IDP}/authorize`,
    AccessTokenUri: `https://${IDP}/token`,
    DomainList: IDP,
  };
  const doctorFor = (
    outputs: Record<string, string>,
    argv: string[] = [],
    more: Partial<Parameters<typeof runDoctor>[1]> = {}
  ) => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(describeStacksAnswer('AlexaAccountLinking-dev', outputs));
    return runDoctor(argv, {
      cloudFormation: new CloudFormationClient({ region: 'us-east-1' }),
      cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
      secrets: new SecretsManagerClient({ region: 'us-east-1' }),
      smapi: createSmapiClient({
        lwaTokenUrl: standIn.lwaTokenUrl,
        smapiBaseUrl: standIn.smapiBaseUrl,
      }),
      cwd,
      print: (text) => printed.push(text),
      fetch: remote.fetch,
      ...more,
    });
  };

  test('login-with-amazon: the secret from ClientSecretName proves itself at api.amazon.com, no Cognito call', async () => {
    expect(await doctorFor(lwaOutputs)).toBe(0);
    expect(row('token endpoint credentials')).toMatch(/PASS +\| a bogus code gets invalid_grant/);
    expect(row('token endpoint latency')).toMatch(/PASS/);
    expect(row('JWKS endpoint')).toBe('');
    expect(row('managed login page')).toBe('');
    expect(cognito.calls()).toHaveLength(0);
    expect(remote.hits).toContain(`${LWA_HOST} /auth/o2/token`);
    for (const secret of [...FIXTURE_SECRETS, LINKING_SECRET])
      expect(printed.join('\n')).not.toContain(secret);
  });

  test('with "Credentials in request body", the secret goes in the form, not a Basic header', async () => {
    bodyCredentials.length = 0;
    expect(
      await doctorFor({ ...lwaOutputs, AuthenticationScheme: 'Credentials in request body' })
    ).toBe(0);
    expect(row('token endpoint credentials')).toMatch(/PASS/);
    expect(bodyCredentials).toEqual([true]);
  });

  test('login-with-amazon: any other token URL gets nothing', async () => {
    const before = remote.hits.length;
    expect(await doctorFor({ ...lwaOutputs, AccessTokenUri: `https://${IDP}/auth/o2/token` })).toBe(
      1
    );
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| not sent: AccessTokenUri is not Login with Amazon's https:\/\/api\.amazon\.com\/auth\/o2\/token/
    );
    expect(remote.hits).toHaveLength(before);
  });

  test("oidc: discovery, the token endpoint on its host, and the issuer's key set all pass", async () => {
    expect(await doctorFor(oidcOutputs)).toBe(0);
    expect(row('OIDC discovery')).toMatch(/PASS/);
    expect(row('token endpoint credentials')).toMatch(/PASS/);
    expect(row('JWKS endpoint')).toMatch(/PASS +\| 1 signing key/);
  });

  test('oidc: a token answer without expires_in is flagged', async () => {
    server.tokenAnswer = 'token-without-expires';
    expect(await doctorFor(oidcOutputs)).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| .*the token answer lacks expires_in/
    );
  });

  test('oidc: a token URL off the host discovery names gets nothing', async () => {
    server.discoveryTokenHost = 'other.example.com';
    const tokenHits = () => remote.hits.filter((h) => h.endsWith('/token')).length;
    const before = tokenHits();
    expect(await doctorFor(oidcOutputs)).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| not sent: idp\.example\.com is not the host of the configured token endpoint \(other\.example\.com\)/
    );
    expect(tokenHits()).toBe(before);
  });

  test('oidc: an HTML challenge page in front of the token endpoint fails with the bot-protection fix', async () => {
    server.tokenAnswer = 'html-challenge';
    expect(await doctorFor(oidcOutputs)).toBe(1);
    expect(row('token endpoint answers JSON')).toMatch(
      /FAIL +\| HTTP 403 text\/html: an HTML page, not a JSON token answer \(a bot-protection or WAF challenge\?\)\. Fix: Alexa calls the token endpoint server to server/
    );
  });

  test('oidc: a token answer with expires_in under 360 s is named', async () => {
    server.tokenAnswer = 'short-lived-token';
    expect(await doctorFor(oidcOutputs)).toBe(1);
    expect(row('token endpoint credentials')).toMatch(
      /FAIL +\| a bogus code got a token, and its expires_in 300 is under Alexa's 360 s/
    );
    expect(row('token endpoint answers JSON')).toMatch(/PASS/);
  });

  test('oidc: --redirect-urls with a trailing slash and another vendor ID fails, each named', async () => {
    const pasted = [
      `${REDIRECTS[0]}/`,
      'https://layla.amazon.com/api/skill/link/M2SOMEONEELSE',
      REDIRECTS[2],
    ];
    expect(await doctorFor(oidcOutputs, ['--redirect-urls', pasted.join(',')])).toBe(1);
    expect(row('Alexa redirect URLs registered')).toMatch(
      /FAIL +\| pitangui\.amazon\.com is registered with a trailing slash .*; layla\.amazon\.com is registered for another vendor ID/
    );
    printed.length = 0;
    expect(await doctorFor(oidcOutputs, ['--redirect-urls', REDIRECTS.join(',')])).toBe(0);
    expect(row('Alexa redirect URLs registered')).toMatch(
      /PASS +\| all three match exactly \(--redirect-urls\)/
    );
    printed.length = 0;
    expect(await doctorFor(oidcOutputs)).toBe(0);
    expect(row('Alexa redirect URLs registered')).toMatch(/SKIP .*Fix: Pass --redirect-urls/);
  });

  test("with the recorder on: the server's own token endpoint is checked, and the last day's exchanges summarized", async () => {
    const report = createExchangeReporter({
      stage: 'dev',
    });
    const refresh = {
      form: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-x1' }),
    };
    const { output } = await captureOutput(async () => {
      report(
        recordExchange(
          refresh,
          { kind: 'answered', status: 200, body: '{"access_token":"a","expires_in":3600}' },
          90
        )
      );
      report(
        recordExchange(
          refresh,
          { kind: 'answered', status: 400, body: '{"error":"invalid_grant"}' },
          70
        )
      );
    });
    const reads: unknown[][] = [];
    const before = remote.hits.length;
    const code = await doctorFor(
      {
        ...oidcOutputs,
        AccessTokenUri: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/token',
        LinkingServerTokenUri: `https://${IDP}/token`,
        TokenExchangeLogGroup: 'recorder-logs',
      },
      [],
      {
        now: () => 1_000_000_000_000,
        readLog: async (...args) => {
          reads.push(args);
          return output
            .split('\n')
            .filter(Boolean)
            .map((message) => ({ timestamp: 999_999_000_000, message }));
        },
      }
    );
    expect(row('token endpoint credentials')).toMatch(/PASS +\| a bogus code gets invalid_grant/);
    expect(remote.hits.slice(before)).toContain(`${IDP} /token`);
    expect(reads).toEqual([['recorder-logs', 1_000_000_000_000 - 86_400_000, 10_000]]);
    expect(row('token exchanges (last day)')).toMatch(
      /FAIL +\| 1 of 2 failed \(invalid_grant 1\); 1 refresh\(es\) refused with invalid_grant; slowest 90 ms/
    );
    expect(code).toBe(1);
  });

  test('the TLS certificates of the authorization and token hosts: a self-signed chain fails', async () => {
    expect(
      await doctorFor(oidcOutputs, [], {
        inspectCertificate: (host) =>
          probeCertificate(host, { connectTo: '127.0.0.1', port: remote.port }),
      })
    ).toBe(1);
    expect(row(`TLS certificate of ${IDP}`)).toMatch(
      /FAIL +\| not trusted: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|self-signed certificate)/
    );
  });

  test('an unknown LinkingServer output is a failed row', async () => {
    expect(await doctorFor({ ...lwaOutputs, LinkingServer: 'okta' })).toBe(1);
    expect(row('output LinkingServer')).toMatch(
      /FAIL +\| .*"okta"; expected one of cognito, login-with-amazon, oidc/
    );
  });
});
