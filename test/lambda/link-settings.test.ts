import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import {
  accountLinkingDifferences,
  LwaCredentialsError,
  parseLwaCredentials,
} from '../../lambda/link-settings/account-linking-request';
import {
  createOnEventHandler,
  type LambdaTimeContext,
  type LinkSettingsLogger,
  type OnEventRequest,
} from '../../lambda/link-settings/on-event';
import { redactCredentials } from '../../lambda/link-settings/redact-credentials';
import { createSmapiClient, retryAfterMs } from '../../lambda/link-settings/smapi-client';
import { createStackStatusReader } from '../../lambda/link-settings/stack-status';
import { startHttpServer, type LoopbackServer } from '../support/loopback';
import { captureOutput } from '../support/output-capture';
import { ACCOUNT_LINKING_REQUEST, smapiViolations } from '../support/smapi-model';
import {
  COGNITO_FIXTURE_CLIENT_SECRET,
  FIXTURE_SECRETS,
  LWA_FIXTURE,
  SMAPI_FIXTURE_ACCESS_TOKEN,
} from '../support/fixture-secrets';
import {
  LWA_CONTEXT,
  OIDC_CONTEXT,
  SKILL_ID,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';
import { startSmapiStandIn, type SmapiStandIn } from '../support/smapi-stand-in';

const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
const cloudFormation = mockClient(CloudFormationClient);
const STACK_ID =
  'arn:aws:cloudformation:us-east-1:123456789012:stack/AlexaAccountLinking-dev/1a2b3c4d-0000-4000-8000-000000000000';
const SECRET_ID = 'alexa/smapi-credentials';
const PROPERTIES = {
  SkillId: SKILL_ID,
  Stage: 'development',
  UserPoolId: 'us-east-1_Pool1',
  ClientId: 'alexaclientid123',
  AuthorizationUrl: 'https://acme.auth.us-east-1.amazoncognito.com/oauth2/authorize',
  AccessTokenUrl: 'https://acme.auth.us-east-1.amazoncognito.com/oauth2/token',
  Scopes: ['openid', 'email', 'profile'],
  Domains: ['acme.auth.us-east-1.amazoncognito.com'],
  SmapiCredentialsSecretId: SECRET_ID,
};
const event = (RequestType: OnEventRequest['RequestType']): OnEventRequest => ({
  RequestType,
  StackId: STACK_ID,
  ResourceProperties: {
    ...PROPERTIES,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  },
  PhysicalResourceId:
    RequestType === 'Create' ? undefined : `${SKILL_ID}/development/accountLinkingClient`,
});

let standIn: SmapiStandIn;
let logs: string[];
let onEvent: ReturnType<typeof createOnEventHandler>;

/** The handler as index.ts builds it, with the stand-in's URLs and this logger. */
const handlerWith = (logger: LinkSettingsLogger, smapiOptions = {}) =>
  createOnEventHandler({
    cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
    secrets: new SecretsManagerClient({ region: 'us-east-1' }),
    readStackStatus: createStackStatusReader(
      () => new CloudFormationClient({ region: 'us-east-1' })
    ),
    smapi: createSmapiClient({
      lwaTokenUrl: standIn.lwaTokenUrl,
      smapiBaseUrl: standIn.smapiBaseUrl,
      backoffMs: () => 5,
      ...smapiOptions,
    }),
    logger,
    reserveMs: 1000,
  });

const recordingLogger = (): LinkSettingsLogger => ({
  info: (message, attributes) =>
    logs.push(JSON.stringify({ level: 'INFO', message, ...attributes })),
  warn: (message, attributes) =>
    logs.push(JSON.stringify({ level: 'WARN', message, ...attributes })),
});

const lambdaContext = (remainingMs: number): LambdaTimeContext => {
  const end = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

beforeEach(async () => {
  cognito.reset();
  secrets.reset();
  cloudFormation.reset();
  secrets
    .on(GetSecretValueCommand, { SecretId: SECRET_ID })
    .resolves({ SecretString: JSON.stringify(LWA_FIXTURE) });
  cognito
    .on(DescribeUserPoolClientCommand, {
      UserPoolId: PROPERTIES.UserPoolId,
      ClientId: PROPERTIES.ClientId,
    })
    .resolves({
      UserPoolClient: {
        ClientId: PROPERTIES.ClientId,
        ClientSecret: COGNITO_FIXTURE_CLIENT_SECRET,
      },
    });
  standIn = await startSmapiStandIn(SKILL_ID);
  logs = [];
  onEvent = handlerWith(recordingLogger());
});
afterEach(() => standIn.close());

const smapiRequests = () => standIn.requests.filter((r) => r.path.startsWith('/v1/'));
const lwaRequests = () => standIn.requests.filter((r) => r.path === '/auth/o2/token');

describe('account-linking settings custom resource', () => {
  test.each(['Create', 'Update'] as const)(
    '%s: exchanges the refresh token, then PUTs the AUTH_CODE settings with the client secret',
    async (type) => {
      const response = await onEvent(event(type));
      expect(response).toEqual({
        PhysicalResourceId: `${SKILL_ID}/development/accountLinkingClient`,
        NoEcho: true,
        Data: {},
      });

      expect(lwaRequests()).toHaveLength(1);
      const [lwa] = lwaRequests();
      expect(lwa?.method).toBe('POST');
      expect(lwa?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(lwa?.body))).toEqual({
        grant_type: 'refresh_token',
        refresh_token: LWA_FIXTURE.refreshToken,
        client_id: LWA_FIXTURE.clientId,
        client_secret: LWA_FIXTURE.clientSecret,
      });

      expect(smapiRequests()).toHaveLength(1);
      const [put] = smapiRequests();
      expect(put?.method).toBe('PUT');
      expect(put?.path).toBe(`/v1/skills/${SKILL_ID}/stages/development/accountLinkingClient`);
      expect(put?.headers.authorization).toBe(SMAPI_FIXTURE_ACCESS_TOKEN);
      expect(put?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(put?.body ?? '')).toEqual({
        accountLinkingRequest: {
          type: 'AUTH_CODE',
          authorizationUrl: PROPERTIES.AuthorizationUrl,
          accessTokenUrl: PROPERTIES.AccessTokenUrl,
          clientId: PROPERTIES.ClientId,
          clientSecret: COGNITO_FIXTURE_CLIENT_SECRET,
          accessTokenScheme: 'HTTP_BASIC',
          scopes: PROPERTIES.Scopes,
          domains: PROPERTIES.Domains,
        },
      });
      // What Amazon's model takes for this PUT: nothing unknown, mistyped or misspelled.
      expect(smapiViolations(ACCOUNT_LINKING_REQUEST, JSON.parse(put?.body ?? ''))).toEqual([]);
      expect(cognito.commandCalls(DescribeUserPoolClientCommand)).toHaveLength(1);
      expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    }
  );

  test('Delete leaves the skill alone: no secret read, no API call', async () => {
    const response = await onEvent(event('Delete'));
    expect(response.PhysicalResourceId).toBe(`${SKILL_ID}/development/accountLinkingClient`);
    expect(standIn.requests).toEqual([]);
    expect(secrets.calls()).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);
  });

  test('retries 429 and 5xx from both APIs, then succeeds', async () => {
    standIn.lwaScript.push({ status: 503 });
    standIn.smapiScript.push(
      { status: 429, body: { message: 'Rate exceeded' } },
      { status: 500 },
      { status: 502 }
    );
    await onEvent(event('Create'));
    expect(lwaRequests()).toHaveLength(2);
    expect(smapiRequests()).toHaveLength(4);
  });

  test('fails after four attempts when the API keeps failing, saying what it answered', async () => {
    expect.assertions(2);
    standIn.smapiScript.push(
      ...Array.from({ length: 4 }, () => ({
        status: 503,
        body: { message: 'Service unavailable' },
      }))
    );
    await expect(onEvent(event('Create'))).rejects.toThrow(
      'The Skill Management API answered HTTP 503. The API said: Service unavailable'
    );
    expect(smapiRequests()).toHaveLength(4);
  });

  test.each([
    [
      'a bad refresh token',
      () => standIn.lwaScript.push({ status: 400, body: { error: 'invalid_grant' } }),
      /rejected the refresh token \(invalid_grant\).*ask util generate-lwa-tokens/,
    ],
    [
      'bad LWA client credentials',
      () => standIn.lwaScript.push({ status: 401, body: { error: 'invalid_client' } }),
      /rejected the client ID or secret \(invalid_client\)/,
    ],
    [
      'an unknown skill ID',
      () => standIn.smapiScript.push({ status: 404, body: { message: 'Skill not found.' } }),
      new RegExp(
        `Skill ${SKILL_ID.replace(/\./g, '\\.')} was not found \\(404\\): check the skillId setting.*The API said: Skill not found\\.`
      ),
    ],
    [
      "another vendor's skill",
      () => standIn.smapiScript.push({ status: 403, body: { message: 'Forbidden' } }),
      /does not let these credentials change skill .* \(403\): use credentials of the vendor that owns the skill/,
    ],
    [
      'settings the API rejects',
      () =>
        standIn.smapiScript.push({
          status: 400,
          body: { message: 'authorizationUrl must be https' },
        }),
      /rejected the account-linking settings \(400\)\. The API said: authorizationUrl must be https/,
    ],
    [
      'a refused SMAPI token',
      () => standIn.smapiScript.push({ status: 401, body: {} }),
      /refused the Login with Amazon token \(401\)/,
    ],
    [
      'a secret that is not JSON',
      () => secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not json' }),
      /Secret alexa\/smapi-credentials is not JSON; expected \{"clientId"/,
    ],
    [
      'a secret without a refresh token',
      () =>
        secrets
          .on(GetSecretValueCommand)
          .resolves({ SecretString: JSON.stringify({ clientId: 'a', clientSecret: 'b' }) }),
      /Secret alexa\/smapi-credentials lacks refreshToken/,
    ],
    [
      'an app client without a secret',
      () =>
        cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'x' } }),
      /App client alexaclientid123 of user pool us-east-1_Pool1 has no client secret/,
    ],
  ])(
    'fails the deployment on %s with a message that says what to do',
    async (_case, arrange, message) => {
      expect.assertions(2);
      arrange();
      let failure: Error | undefined;
      try {
        await onEvent(event('Create'));
      } catch (error) {
        failure = error as Error;
      }
      expect(failure?.message).toMatch(message);
      // No credential ever appears in an error message.
      expect(FIXTURE_SECRETS.filter((secret) => failure?.message.includes(secret))).toEqual([]);
    }
  );
});

describe('pure helpers', () => {
  test.each([
    [
      'lacks a field',
      JSON.stringify({ clientId: 'x', clientSecret: 'very-secret' }),
      /lacks refreshToken/,
    ],
    ['is not JSON', '{"clientSecret": "very-secret"', /is not JSON/],
  ])('parseLwaCredentials never quotes the secret when it %s', (_case, secret, message) => {
    expect.assertions(3);
    try {
      parseLwaCredentials(secret, 's');
    } catch (error) {
      expect(error).toBeInstanceOf(LwaCredentialsError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('very-secret');
    }
  });

  test.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 1970 00:00:05 GMT', 4000],
    ['soon', undefined],
    [null, undefined],
  ])('retryAfterMs(%j) is %j', (header, ms) => {
    expect(retryAfterMs(header, 1000)).toBe(ms);
  });

  test('redactCredentials cuts each credential in every encoding, known token shapes, and caps the length', () => {
    const secret = 'se/cret+"value"&x';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${new URLSearchParams({ s: secret }).toString()} d ${JSON.stringify(secret)} e Atza|abc.def f`;
    const redacted = redactCredentials(text, [secret]);
    expect(redacted).not.toContain('cret');
    expect(redacted).not.toContain('Atza|abc');
    expect(redacted.match(/\[redacted\]/g)).toHaveLength(5);
    const long = redactCredentials('x'.repeat(5000), [], 1000);
    expect(long).toHaveLength(1000);
    expect(long.endsWith('… (truncated)')).toBe(true);
  });

  test('accountLinkingDifferences names the fields that differ, ignoring order of lists', () => {
    const expected = {
      authorizationUrl: 'a',
      accessTokenUrl: 't',
      clientId: 'c',
      scopes: ['openid', 'email'],
      domains: ['d'],
    };
    const current = {
      type: 'AUTH_CODE',
      authorizationUrl: 'a',
      accessTokenUrl: 't',
      clientId: 'old',
      accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
      scopes: ['email', 'openid'],
      domains: ['d'],
    };
    expect(accountLinkingDifferences(current, expected)).toEqual(['clientId', 'accessTokenScheme']);
    expect(
      accountLinkingDifferences(
        { ...current, clientId: 'c', accessTokenScheme: 'HTTP_BASIC' },
        expected
      )
    ).toEqual([]);

    // The optional fields the stack sets: the extra domains after the server's own, and each
    // field as the API answers it (skipOnEnablement as a string); unset ones are not compared.
    const extras = {
      skipOnEnablement: true,
      extraDomains: ['fonts.example.com'],
      redirectUrls: ['https://app.example.com/b', 'https://app.example.com/a'],
    };
    const matching = {
      ...current,
      clientId: 'c',
      accessTokenScheme: 'HTTP_BASIC',
      domains: ['fonts.example.com', 'd'],
      skipOnEnablement: 'true',
      redirectUrls: ['https://app.example.com/a', 'https://app.example.com/b'],
      voiceForwardAccountLinking: 'ENABLED',
    };
    expect(accountLinkingDifferences(matching, expected, extras)).toEqual([]);
    expect(
      accountLinkingDifferences(
        { ...matching, domains: ['d'], skipOnEnablement: 'false', redirectUrls: undefined },
        expected,
        { ...extras, voiceForwardAccountLinking: 'DISABLED', defaultTokenExpirationInSeconds: 60 }
      )
    ).toEqual([
      'domains',
      'skipOnEnablement',
      'voiceForwardAccountLinking',
      'defaultTokenExpirationInSeconds',
      'redirectUrls',
    ]);
  });
});

describe('rollbacks', () => {
  const failLasting = () =>
    standIn.smapiScript.push({ status: 403, body: { message: 'Forbidden' } });

  test('a failure during the rollback is logged and reported as success, keeping the physical ID', async () => {
    // GIVEN CloudFormation rolls the stack back and the API keeps refusing
    failLasting();
    cloudFormation.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves({
      Stacks: [
        {
          StackName: 'AlexaAccountLinking-dev',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
        },
      ],
    });
    // WHEN the rollback's Update arrives
    const response = await onEvent(event('Update'));
    // THEN it succeeds, and the log says what was not restored
    expect(response).toEqual({
      PhysicalResourceId: `${SKILL_ID}/development/accountLinkingClient`,
      NoEcho: true,
      Data: {},
    });
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    const warning = logs.find((line) => line.includes('"level":"WARN"')) ?? '';
    expect(JSON.parse(warning)).toEqual(
      expect.objectContaining({
        message: 'account-linking settings not restored during the rollback; the rollback goes on',
        stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
        error: expect.stringMatching(/\(403\)/),
      })
    );
  });

  test.each(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'])(
    'a failure while the stack is %s still fails the deployment',
    async (status) => {
      expect.assertions(2);
      failLasting();
      cloudFormation.on(DescribeStacksCommand).resolves({
        Stacks: [
          { StackName: 's', CreationTime: new Date(), StackStatus: status as 'UPDATE_IN_PROGRESS' },
        ],
      });
      await expect(onEvent(event('Update'))).rejects.toThrow(/\(403\)/);
      expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    }
  );

  test('when the status cannot be read, the failure stands', async () => {
    expect.assertions(1);
    failLasting();
    cloudFormation.on(DescribeStacksCommand).rejects(new Error('AccessDenied'));
    await expect(onEvent(event('Update'))).rejects.toThrow(/\(403\)/);
  });

  test('a successful Update never asks for the stack status', async () => {
    await onEvent(event('Update'));
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

describe('retries within the time Lambda gives', () => {
  test('a network error and a timeout are retried, then the call succeeds', async () => {
    onEvent = handlerWith(recordingLogger(), { timeoutMs: 300 });
    standIn.lwaScript.push({ drop: true });
    standIn.smapiScript.push({ hang: true });
    await onEvent(event('Create'), lambdaContext(30_000));
    expect(lwaRequests()).toHaveLength(2);
    expect(smapiRequests()).toHaveLength(2);
  });

  test('Retry-After is honoured', async () => {
    standIn.smapiScript.push({ status: 429, headers: { 'retry-after': '1' }, body: {} });
    await onEvent(event('Create'), lambdaContext(30_000));
    const [first, second] = smapiRequests();
    // The backoff without the header would be 5 ms.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test('a Retry-After past the deadline ends with the API answer at once', async () => {
    expect.assertions(2);
    standIn.smapiScript.push({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { message: 'Rate exceeded' },
    });
    await expect(onEvent(event('Create'), lambdaContext(10_000))).rejects.toThrow(
      'The Skill Management API answered HTTP 429. The API said: Rate exceeded'
    );
    expect(smapiRequests()).toHaveLength(1);
  });

  test('an API that never answers fails with a message before the function times out', async () => {
    expect.assertions(2);
    // A 4 s function keeps 1 s to report: each attempt would otherwise wait 10 s.
    standIn.smapiScript.push({ hang: true }, { hang: true });
    const started = Date.now();
    await expect(onEvent(event('Create'), lambdaContext(4000))).rejects.toThrow(
      /Gave up on 127\.0\.0\.1:\d+ before the function's time ran out, after 1 attempt\(s\) \(last: no answer in time\)/
    );
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('redirects', () => {
  let elsewhere: LoopbackServer;
  let redirector: LoopbackServer;
  let received: string[];
  beforeEach(async () => {
    received = [];
    elsewhere = await startHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
        res.end('{}');
      });
    });
    redirector = await startHttpServer((req, res) => {
      req.resume();
      res.writeHead(req.url?.startsWith('/auth') ? 307 : 308, {
        location: `${elsewhere.url}${req.url}`,
      });
      res.end();
    });
  });
  afterEach(async () => {
    await elsewhere.close();
    await redirector.close();
  });

  test.each([
    ['the LWA token request (refresh token, client secret)', 'lwa'],
    ['the settings PUT (access token, Cognito client secret)', 'smapi'],
  ])('%s is never sent on to another origin', async (_case, which) => {
    expect.assertions(3);
    onEvent = handlerWith(recordingLogger(), {
      lwaTokenUrl: which === 'lwa' ? `${redirector.url}/auth/o2/token` : standIn.lwaTokenUrl,
      smapiBaseUrl: which === 'smapi' ? redirector.url : standIn.smapiBaseUrl,
    });
    await expect(onEvent(event('Create'))).rejects.toThrow(
      /127\.0\.0\.1:\d+ answered with a redirect, which was refused/
    );
    expect(received).toEqual([]);
    expect(redirector.hits).toHaveLength(1);
  });
});

describe('credentials never leave the handler', () => {
  /**
   * What the Node.js Lambda runtime and the CDK Provider framework do with a thrown error: the
   * runtime logs it with console.error (type, message, stack), and the framework's Reason is the
   * message followed by the log group.
   */
  async function invokeAsLambda(
    handler: ReturnType<typeof createOnEventHandler>,
    request: OnEventRequest
  ): Promise<{ reason?: string }> {
    try {
      await handler(request, lambdaContext(30_000));
      return {};
    } catch (error) {
      const { name, message, stack } = error as Error;
      // The runtime's console.error writes this line to the function's log (stderr here).
      process.stderr.write(
        `ERROR\tInvoke Error \t${JSON.stringify({ errorType: name, errorMessage: message, stack: stack?.split('\n') })}\n`
      );
      return { reason: [message, '', 'Logs: /aws/lambda/handler', ''].join('\n') };
    }
  }

  test.each([
    ['a successful Create', () => undefined],
    [
      'an API error that echoes the request',
      () =>
        standIn.smapiScript.push({
          status: 400,
          body: {
            message: `Invalid clientSecret ${COGNITO_FIXTURE_CLIENT_SECRET} for token ${SMAPI_FIXTURE_ACCESS_TOKEN}`,
          },
        }),
    ],
    [
      'an LWA error that quotes the form',
      () =>
        standIn.lwaScript.push({
          status: 400,
          body: {
            error: `refresh_token=${encodeURIComponent(LWA_FIXTURE.refreshToken)}&client_secret=${LWA_FIXTURE.clientSecret}`,
          },
        }),
    ],
    [
      'a rollback that cannot restore the settings',
      () => {
        standIn.smapiScript.push({
          status: 400,
          body: { message: `bad secret ${COGNITO_FIXTURE_CLIENT_SECRET}` },
        });
        cloudFormation.on(DescribeStacksCommand).resolves({
          Stacks: [
            {
              StackName: 's',
              CreationTime: new Date(),
              StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
            },
          ],
        });
      },
    ],
  ])(
    'with %s: not in the Powertools log, the runtime error log or the framework Reason',
    async (_case, arrange) => {
      arrange();
      // The logger index.ts uses, at the level it deploys with.
      const logger = new Logger({
        serviceName: 'alexa-account-linking-settings',
        logLevel: 'INFO',
      });
      const handler = handlerWith(logger);
      const { result, output } = await captureOutput(() =>
        invokeAsLambda(handler, event('Update'))
      );
      const everything = `${output}\n${result.reason ?? ''}`;
      // Something was written: the test would pass vacuously otherwise.
      expect(output).toContain(SKILL_ID);
      for (const secret of FIXTURE_SECRETS) expect(everything).not.toContain(secret);
      expect(everything).not.toContain(encodeURIComponent(LWA_FIXTURE.refreshToken));
      if (result.reason) {
        expect(result.reason).toContain('[redacted]');
        expect(output).toContain('Invoke Error');
      }
    }
  );

  test('a huge API message is capped in the Reason', async () => {
    expect.assertions(2);
    standIn.smapiScript.push({ status: 400, body: { message: 'x'.repeat(100_000) } });
    try {
      await onEvent(event('Create'));
    } catch (error) {
      expect((error as Error).message.length).toBeLessThanOrEqual(1000);
      expect((error as Error).message).toMatch(
        /^The Skill Management API rejected .*… \(truncated\)$/
      );
    }
  });
});

describe('another linking server: the client secret from Secrets Manager', () => {
  const LWA_SERVER = {
    ...PROPERTIES,
    UserPoolId: undefined,
    ClientId: 'amzn1.application-oa2-client.linking',
    AuthorizationUrl: 'https://www.amazon.com/ap/oa',
    AccessTokenUrl: 'https://api.amazon.com/auth/o2/token',
    Scopes: ['profile'],
    Domains: ['amazon.com'],
    ClientSecretId: 'alexa/lwa-linking-client',
  };
  const serverEvent = (extra: Record<string, unknown> = {}): OnEventRequest => ({
    RequestType: 'Create',
    StackId: STACK_ID,
    ResourceProperties: { ...LWA_SERVER, ...extra },
  });
  const LINKING_CLIENT_SECRET = 'linking-server-fixture-secret-7d9f1b3d5f7a';

  beforeEach(() => {
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/lwa-linking-client' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: LINKING_CLIENT_SECRET }) });
  });

  test('reads {"clientSecret"} from the secret, never asks Cognito, and PUTs the values given', async () => {
    await onEvent(serverEvent());
    expect(cognito.calls()).toHaveLength(0);
    expect(JSON.parse(smapiRequests()[0]?.body ?? '')).toEqual({
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        authorizationUrl: 'https://www.amazon.com/ap/oa',
        accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
        clientId: 'amzn1.application-oa2-client.linking',
        clientSecret: LINKING_CLIENT_SECRET,
        accessTokenScheme: 'HTTP_BASIC',
        scopes: ['profile'],
        domains: ['amazon.com'],
      },
    });
    expect(
      smapiViolations(ACCOUNT_LINKING_REQUEST, JSON.parse(smapiRequests()[0]?.body ?? ''))
    ).toEqual([]);
  });

  test('passes a request-body credentials scheme through', async () => {
    await onEvent(serverEvent({ AccessTokenScheme: 'REQUEST_BODY_CREDENTIALS' }));
    const body = JSON.parse(smapiRequests()[0]?.body ?? '');
    expect(body.accountLinkingRequest.accessTokenScheme).toBe('REQUEST_BODY_CREDENTIALS');
    expect(smapiViolations(ACCOUNT_LINKING_REQUEST, body)).toEqual([]);
  });

  test('fails without quoting a secret that lacks clientSecret, and redacts it from API errors', async () => {
    expect.assertions(3);
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/lwa-linking-client' })
      .resolves({ SecretString: JSON.stringify({ secret: LINKING_CLIENT_SECRET }) });
    await expect(onEvent(serverEvent())).rejects.toThrow(
      /^Secret alexa\/lwa-linking-client lacks clientSecret; expected \{"clientSecret": "\.\.\."\}/
    );
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/lwa-linking-client' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: LINKING_CLIENT_SECRET }) });
    standIn.smapiScript.push({ status: 400, body: { message: `bad ${LINKING_CLIENT_SECRET}` } });
    const failure = await onEvent(serverEvent()).catch((error: Error) => error);
    expect((failure as Error).message).toContain('The API said: bad [redacted]');
    expect((failure as Error).message).not.toContain(LINKING_CLIENT_SECRET);
  });
});

test('an Update that changes skillId warns that the previous skill keeps its settings', async () => {
  const previous = 'amzn1.ask.skill.00000000-1111-4222-8333-444444444444';
  await onEvent({
    ...event('Update'),
    OldResourceProperties: { ...PROPERTIES, SkillId: previous },
  });
  const warning = JSON.parse(logs.find((line) => line.includes('"level":"WARN"')) ?? '{}');
  expect(warning).toEqual(
    expect.objectContaining({
      message: expect.stringMatching(
        /^skillId changed: the previous skill keeps a working client ID/
      ),
      previousSkillId: previous,
      skillId: SKILL_ID,
    })
  );
  // The same skill: no warning.
  logs = [];
  await onEvent({ ...event('Update'), OldResourceProperties: PROPERTIES });
  expect(logs.filter((line) => line.includes('"level":"WARN"'))).toEqual([]);
});

describe('every skill stage, with the optional fields of the request', () => {
  const IOS = 'https://app.example.com/alexa/link';
  const REDIRECT = 'https://app.example.com/alexa/linked';
  const extrasEvent = (Stage: string, extras?: unknown): OnEventRequest => ({
    RequestType: 'Create',
    StackId: STACK_ID,
    ResourceProperties: {
      ...PROPERTIES,
      Stage,
      ...(extras !== undefined && { RequestExtras: JSON.stringify(extras) }),
    },
  });
  const bodies = () => smapiRequests().map((r) => JSON.parse(r.body) as Record<string, unknown>);

  test('writes each stage with its own fields, one token for both, each body what the model takes', async () => {
    const response = await onEvent(
      extrasEvent('development,live', {
        development: { skipOnEnablement: true, extraDomains: ['fonts.example.com'] },
        live: {
          skipOnEnablement: false,
          authorizationUrlsByPlatform: [{ platformType: 'iOS', platformAuthorizationUrl: IOS }],
          redirectUrls: [REDIRECT],
        },
      })
    );
    expect(response.PhysicalResourceId).toBe(`${SKILL_ID}/development,live/accountLinkingClient`);
    expect(lwaRequests()).toHaveLength(1);
    expect(smapiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /v1/skills/${SKILL_ID}/stages/development/accountLinkingClient`,
      `PUT /v1/skills/${SKILL_ID}/stages/live/accountLinkingClient`,
    ]);
    const common = {
      type: 'AUTH_CODE',
      authorizationUrl: PROPERTIES.AuthorizationUrl,
      accessTokenUrl: PROPERTIES.AccessTokenUrl,
      clientId: PROPERTIES.ClientId,
      clientSecret: COGNITO_FIXTURE_CLIENT_SECRET,
      accessTokenScheme: 'HTTP_BASIC',
      scopes: PROPERTIES.Scopes,
    };
    expect(bodies()).toEqual([
      {
        accountLinkingRequest: {
          ...common,
          domains: [...PROPERTIES.Domains, 'fonts.example.com'],
          skipOnEnablement: true,
        },
      },
      {
        accountLinkingRequest: {
          ...common,
          domains: PROPERTIES.Domains,
          skipOnEnablement: false,
          authorizationUrlsByPlatform: [{ platformType: 'iOS', platformAuthorizationUrl: IOS }],
          redirectUrls: [REDIRECT],
        },
      },
    ]);
    for (const body of bodies()) expect(smapiViolations(ACCOUNT_LINKING_REQUEST, body)).toEqual([]);
  });

  test('a failure on the second stage names it, after the first was written', async () => {
    expect.assertions(2);
    standIn.smapiScript.push({ status: 200 }, { status: 400, body: { message: 'Invalid url.' } });
    await expect(onEvent(extrasEvent('development,live'))).rejects.toThrow(
      /^live stage: The Skill Management API rejected the account-linking settings \(400\)\. The API said: Invalid url\.$/
    );
    expect(smapiRequests()).toHaveLength(2);
  });

  test.each(['certification', 'development,prod', ''])(
    'fails on Stage %j before any request, naming the stages it takes',
    async (stage) => {
      expect.assertions(2);
      await expect(onEvent(extrasEvent(stage))).rejects.toThrow(
        /names no skill stage the settings can be written to; expected "development", "live" or "development,live"\.$/
      );
      expect(standIn.requests).toEqual([]);
    }
  );

  test("from the synthesized stack to the API: the properties of the custom resource make bodies Amazon's model takes", async () => {
    // GIVEN Login with Amazon with every optional setting, live with its own app link
    const { template } = synthAccountLinkingStack({
      ...LWA_CONTEXT,
      smapiCredentialsSecret: SECRET_ID,
      skipOnEnablement: 'true',
      voiceForwardAccountLinking: 'enabled',
      accountLinkingDomains: 'fonts.example.com',
      appLinkingIosUrl: IOS,
      appLinkingAndroidUrl: 'https://android.example.com/alexa/link',
      appRedirectUrls: REDIRECT,
      skillStages: { development: {}, live: { appLinkingIosUrl: 'https://live.example.com/link' } },
    });
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/lwa-linking' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: 'lwa-linking-fixture-secret' }) });
    // WHEN the handler gets them as CloudFormation sends them
    await onEvent({
      RequestType: 'Create',
      StackId: STACK_ID,
      ResourceProperties: properties as unknown as OnEventRequest['ResourceProperties'],
    });
    // THEN both stages are written, every body conforms, and each stage has its own app link
    expect(smapiRequests().map((r) => r.path.split('/')[5])).toEqual(['development', 'live']);
    for (const body of bodies()) expect(smapiViolations(ACCOUNT_LINKING_REQUEST, body)).toEqual([]);
    const request = (i: number) =>
      (bodies()[i] as { accountLinkingRequest: Record<string, unknown> }).accountLinkingRequest;
    expect(request(0)).toEqual(
      expect.objectContaining({
        skipOnEnablement: true,
        voiceForwardAccountLinking: 'ENABLED',
        domains: ['www.amazon.com', 'api.amazon.com', 'fonts.example.com'],
        authorizationUrlsByPlatform: [
          { platformType: 'iOS', platformAuthorizationUrl: IOS },
          {
            platformType: 'Android',
            platformAuthorizationUrl: 'https://android.example.com/alexa/link',
          },
        ],
        redirectUrls: [REDIRECT],
      })
    );
    expect(request(1).authorizationUrlsByPlatform).toEqual([
      { platformType: 'iOS', platformAuthorizationUrl: 'https://live.example.com/link' },
      {
        platformType: 'Android',
        platformAuthorizationUrl: 'https://android.example.com/alexa/link',
      },
    ]);
  });
});

describe('a skill stage with a client of its own', () => {
  const bodies = () =>
    smapiRequests().map(
      (r) =>
        (JSON.parse(r.body) as { accountLinkingRequest: Record<string, unknown> })
          .accountLinkingRequest
    );
  /** The properties as CloudFormation sends them: each Ref and attribute of `ids` as that value. */
  function deployed(value: unknown, ids: Record<string, string>): unknown {
    if (Array.isArray(value)) return value.map((v) => deployed(v, ids));
    if (value === null || typeof value !== 'object') return value;
    const node = value as Record<string, unknown>;
    if ('Ref' in node)
      return ids[node.Ref as string] ?? `ref-${String(node.Ref).replace(/\W/g, '')}`;
    if ('Fn::GetAtt' in node) return `att-${(node['Fn::GetAtt'] as string[]).join('-')}`;
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => deployed(part, ids)).join(separator);
    }
    if ('Fn::Select' in node) {
      const [index, list] = node['Fn::Select'] as [number, unknown];
      return (deployed(list, ids) as unknown[])[index];
    }
    if ('Fn::Split' in node) {
      const [separator, source] = node['Fn::Split'] as [string, unknown];
      return String(deployed(source, ids)).split(separator);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deployed(v, ids)]));
  }
  const create = (properties: unknown): OnEventRequest => ({
    RequestType: 'Create',
    StackId: STACK_ID,
    ResourceProperties: properties as OnEventRequest['ResourceProperties'],
  });

  test('Cognito, live on its separate client: each stage is written with its own client and secret, each body what the model takes', async () => {
    // GIVEN the synthesized stack, live with its own Alexa client
    const { template } = synthAccountLinkingStack({
      smapiCredentialsSecret: SECRET_ID,
      skillStages: { development: {}, live: { separateClient: true } },
    });
    const clientIds = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    const [mainId, liveId] = clientIds as [string, string];
    expect(liveId).toMatch(/AlexaClientLive/);
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    const ids = { [mainId]: 'alexamainclient1', [liveId]: 'alexaliveclient2' };
    const livesSecret = 'live-client-fixture-secret-4d6f8a';
    cognito
      .on(DescribeUserPoolClientCommand, { ClientId: 'alexamainclient1' })
      .resolves({ UserPoolClient: { ClientSecret: COGNITO_FIXTURE_CLIENT_SECRET } })
      .on(DescribeUserPoolClientCommand, { ClientId: 'alexaliveclient2' })
      .resolves({ UserPoolClient: { ClientSecret: livesSecret } });
    // WHEN the handler gets them as CloudFormation sends them
    await onEvent(create(deployed(properties, ids)));
    // THEN development has the stack client, live its own, each with its secret
    expect(smapiRequests().map((r) => r.path.split('/')[5])).toEqual(['development', 'live']);
    expect(bodies().map((b) => [b.clientId, b.clientSecret])).toEqual([
      ['alexamainclient1', COGNITO_FIXTURE_CLIENT_SECRET],
      ['alexaliveclient2', livesSecret],
    ]);
    for (const body of bodies())
      expect(smapiViolations(ACCOUNT_LINKING_REQUEST, { accountLinkingRequest: body })).toEqual([]);
    // AND neither secret reaches a log line
    expect(logs.join('\n')).not.toContain(livesSecret);
  });

  test('OIDC, live on its own application: its client ID and the secret of its own secret name', async () => {
    // GIVEN the synthesized OIDC stack, live with its own application
    const { template } = synthAccountLinkingStack({
      ...OIDC_CONTEXT,
      smapiCredentialsSecret: SECRET_ID,
      skillStages: {
        development: {},
        live: { oidcClientId: 'LiveApp0123456789', oidcClientSecretName: 'alexa/auth0-live' },
      },
    });
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/auth0-linking' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: 'auth0-dev-fixture-secret' }) })
      .on(GetSecretValueCommand, { SecretId: 'alexa/auth0-live' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: 'auth0-live-fixture-secret' }) });
    // WHEN
    await onEvent(create(deployed(properties, {})));
    // THEN
    expect(bodies().map((b) => [b.clientId, b.clientSecret])).toEqual([
      [OIDC_CONTEXT.oidcClientId, 'auth0-dev-fixture-secret'],
      ['LiveApp0123456789', 'auth0-live-fixture-secret'],
    ]);
    for (const body of bodies())
      expect(smapiViolations(ACCOUNT_LINKING_REQUEST, { accountLinkingRequest: body })).toEqual([]);
  });

  test('a stage client off Cognito without its secret is refused before anything is read', async () => {
    expect.assertions(2);
    await expect(
      onEvent(
        create({
          ...PROPERTIES,
          UserPoolId: undefined,
          ClientSecretId: 'alexa/auth0-linking',
          Stage: 'development,live',
          StageClients: { live: { ClientId: 'LiveApp0123456789' } },
        })
      )
    ).rejects.toThrow(
      /^StageClients\.live names no ClientSecretId: a client on a linking server other than Cognito needs the secret holding its clientSecret\.$/
    );
    expect(standIn.requests).toEqual([]);
  });
});
