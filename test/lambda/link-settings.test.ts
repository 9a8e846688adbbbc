import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  accountLinkingDifferences,
  parseLwaCredentials,
} from '../../lambda/link-settings/account-linking-request';
import { createOnEventHandler, type OnEventRequest } from '../../lambda/link-settings/on-event';
import { createSmapiClient } from '../../lambda/link-settings/smapi-client';
import {
  COGNITO_FIXTURE_CLIENT_SECRET,
  FIXTURE_SECRETS,
  LWA_FIXTURE,
  SMAPI_FIXTURE_ACCESS_TOKEN,
} from '../support/fixture-secrets';
import { SKILL_ID } from '../support/infra';
import { startSmapiStandIn, type SmapiStandIn } from '../support/smapi-stand-in';

const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
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

beforeEach(async () => {
  cognito.reset();
  secrets.reset();
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
  onEvent = createOnEventHandler({
    cognito: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
    secrets: new SecretsManagerClient({ region: 'us-east-1' }),
    smapi: createSmapiClient({
      lwaTokenUrl: standIn.lwaTokenUrl,
      smapiBaseUrl: standIn.smapiBaseUrl,
      backoffMs: () => 5,
    }),
    log: (message, attributes) => logs.push(JSON.stringify({ message, ...attributes })),
  });
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

  test('logs names and IDs, never a credential', async () => {
    await onEvent(event('Create'));
    const logged = logs.join('\n');
    expect(logged).toContain(SKILL_ID);
    for (const secret of FIXTURE_SECRETS) expect(logged).not.toContain(secret);
  });
});

describe('pure helpers', () => {
  test('parseLwaCredentials never quotes the secret in its errors', () => {
    expect(() =>
      parseLwaCredentials(JSON.stringify({ clientId: 'x', clientSecret: 'very-secret' }), 's')
    ).toThrow(/lacks refreshToken/);
    expect(() => parseLwaCredentials('{"clientSecret": "very-secret"', 's')).not.toThrow(
      /very-secret/
    );
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
  });
});
