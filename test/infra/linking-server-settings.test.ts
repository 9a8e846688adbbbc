import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  defaultJwksUrl,
  readLinkingServerSettings,
  secretNameSetting,
} from '../../lib/app-settings/linking-server-settings';
import {
  LWA_CLIENT_ID,
  LWA_CONTEXT,
  OIDC_CONTEXT,
  TEST_CONTEXT,
  settingsFrom,
} from '../support/infra';

const fromContext = (context: Record<string, unknown>) =>
  readLinkingServerSettings((key) => context[key]);

describe('readLinkingServerSettings', () => {
  test('defaults to cognito, with no keys ignored', () => {
    expect(fromContext({})).toEqual({ linkingServer: { kind: 'cognito' }, ignoredKeys: [] });
  });

  test('reads login-with-amazon with profile as the default scope', () => {
    expect(fromContext({ ...LWA_CONTEXT }).linkingServer).toEqual({
      kind: 'login-with-amazon',
      clientId: LWA_CLIENT_ID,
      clientSecretName: 'alexa/lwa-linking',
      scopes: ['profile'],
    });
  });

  test('reads lwaScopes from a -c string and a cdk.json list alike', () => {
    const fromCli = fromContext({ ...LWA_CONTEXT, lwaScopes: 'profile, postal_code' });
    const fromJson = fromContext({ ...LWA_CONTEXT, lwaScopes: ['profile', 'postal_code'] });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli.linkingServer).toMatchObject({ scopes: ['profile', 'postal_code'] });
  });

  test('reads oidc, keeping the issuer byte for byte and deriving the JWKS URL from it', () => {
    expect(fromContext({ ...OIDC_CONTEXT }).linkingServer).toEqual({
      kind: 'oidc',
      issuer: 'https://acme.eu.auth0.com/',
      audience: 'https://alexa.acme.example/api',
      clientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
      clientSecretName: 'alexa/auth0-linking',
      authorizationUrl: 'https://acme.eu.auth0.com/authorize',
      tokenUrl: 'https://acme.eu.auth0.com/oauth/token',
      jwksUrl: 'https://acme.eu.auth0.com/.well-known/jwks.json',
      userInfoUrl: 'https://acme.eu.auth0.com/userinfo',
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    });
  });

  test('keeps an issuer without a trailing slash as given, and an explicit JWKS URL', () => {
    const { linkingServer } = fromContext({
      ...OIDC_CONTEXT,
      oidcIssuer: 'https://login.example.com/realms/alexa',
      oidcJwksUrl: 'https://login.example.com/realms/alexa/protocol/openid-connect/certs',
      oidcUserInfoUrl: undefined,
    });
    expect(linkingServer).toMatchObject({
      issuer: 'https://login.example.com/realms/alexa',
      jwksUrl: 'https://login.example.com/realms/alexa/protocol/openid-connect/certs',
      userInfoUrl: undefined,
    });
  });

  test.each([
    ['https://acme.eu.auth0.com/', 'https://acme.eu.auth0.com/.well-known/jwks.json'],
    ['https://acme.eu.auth0.com', 'https://acme.eu.auth0.com/.well-known/jwks.json'],
    ['https://idp.example.com/tenant/', 'https://idp.example.com/tenant/.well-known/jwks.json'],
  ])('the default JWKS URL of %s is %s', (issuer, jwks) => {
    expect(defaultJwksUrl(issuer)).toBe(jwks);
  });

  test('names the keys of the servers not selected, and only those given', () => {
    expect(
      fromContext({ ...LWA_CONTEXT, domainPrefix: 'x', mfa: 'off', oidcIssuer: 'https://a/' })
        .ignoredKeys
    ).toEqual(['domainPrefix', 'mfa', 'oidcIssuer']);
    expect(fromContext({ lwaClientId: 'anything', oidcAudience: 'aud' }).ignoredKeys).toEqual([
      'lwaClientId',
      'oidcAudience',
    ]);
    expect(
      fromContext({ ...OIDC_CONTEXT, lwaScopes: 'profile', signInWith: '{}' }).ignoredKeys
    ).toEqual(['signInWith', 'lwaScopes']);
  });

  test('a key of another server is not checked: it is ignored', () => {
    // A malformed lwaClientId with cognito, or a broken customDomain with LWA, does not fail.
    expect(() => settingsFrom({ lwaClientId: 'nope' })).not.toThrow();
    expect(() => settingsFrom({ ...LWA_CONTEXT, customDomain: 'login.example.com' })).not.toThrow();
  });

  test('switching with one -c linkingServer=login-with-amazon works on the shipped cdk.json (its domainPrefix is ignored, not an example value)', () => {
    const { context } = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')
    ) as { context: Record<string, unknown> };
    const merged: Record<string, unknown> = { ...context, ...LWA_CONTEXT };
    const settings = readAppSettings((key) => merged[key]);
    expect(settings.linkingServer.kind).toBe('login-with-amazon');
    expect(settings.ignoredKeys).toEqual(['domainPrefix']);
    expect(settings.domainPrefix).toBeUndefined();
    expect(settings.exampleValuesInUse).toEqual(['alexaVendorId', 'skillId']);
  });

  test.each([
    ['alexa/lwa', 'alexa/lwa'],
    [
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/lwa-AbCdEf',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/lwa-AbCdEf',
    ],
    ['', undefined],
  ])('takes the secret %j', (value, expected) => {
    expect(secretNameSetting('lwaClientSecretName', value)).toBe(expected);
  });

  test.each([
    [
      'linkingServer is unknown',
      { linkingServer: 'auth0' },
      /Invalid linkingServer: received "auth0"\. Expected one of "cognito", "login-with-amazon", "oidc"/,
    ],
    [
      'lwaClientId is missing',
      { ...LWA_CONTEXT, lwaClientId: undefined },
      /Invalid lwaClientId: received nothing \(the setting is missing\)\. Expected the Client ID of your Login with Amazon security profile/,
    ],
    [
      'lwaClientId is malformed',
      {
        ...LWA_CONTEXT,
        lwaClientId: 'amzn1.application-oa2-client.0123456789ABCDEF0123456789ABCDEF',
      },
      /Invalid lwaClientId: received "amzn1\.application-oa2-client\.0123456789ABCDEF.*Expected the Client ID of a Login with Amazon security profile, "amzn1\.application-oa2-client\." followed by 32 lower-case hex digits/,
    ],
    [
      'lwaClientId has too few hex digits',
      { ...LWA_CONTEXT, lwaClientId: 'amzn1.application-oa2-client.fixture0123456789' },
      /Invalid lwaClientId/,
    ],
    [
      'lwaScopes hold an unknown scope',
      { ...LWA_CONTEXT, lwaScopes: 'profile,email' },
      /Invalid lwaScopes: received "profile,email"\. Expected a comma-separated list of profile, profile:user_id, postal_code/,
    ],
    [
      'lwaClientSecretName is an ARN of another service',
      { ...LWA_CONTEXT, lwaClientSecretName: 'arn:aws:s3:::alexa-secrets/lwa.json' },
      /Invalid lwaClientSecretName: received "arn:aws:s3:::alexa-secrets\/lwa\.json"\. Expected the name or ARN of a Secrets Manager secret.*an ARN must be a Secrets Manager secret ARN/,
    ],
    [
      'lwaClientSecretName is an SSM SecureString parameter ARN',
      {
        ...LWA_CONTEXT,
        lwaClientSecretName: 'arn:aws:ssm:eu-west-1:123456789012:parameter/alexa/lwa',
      },
      /Invalid lwaClientSecretName: .*SSM parameters \(SecureString included\) are not supported: CloudFormation does not resolve ssm-secure references/,
    ],
    [
      'oidcClientSecretName is an ssm-secure reference',
      { ...OIDC_CONTEXT, oidcClientSecretName: '{{resolve:ssm-secure:/alexa/auth0:1}}' },
      /Invalid oidcClientSecretName: .*move the secret to Secrets Manager/,
    ],
    [
      'oidcClientSecretName is a dynamic reference',
      { ...OIDC_CONTEXT, oidcClientSecretName: '{{resolve:secretsmanager:alexa/auth0}}' },
      /Invalid oidcClientSecretName: received "\{\{resolve:secretsmanager:alexa\/auth0\}\}"\. Expected the name or ARN of a Secrets Manager secret/,
    ],
    [
      'oidcIssuer is http',
      { ...OIDC_CONTEXT, oidcIssuer: 'http://acme.eu.auth0.com/' },
      /Invalid oidcIssuer: received "http:\/\/acme\.eu\.auth0\.com\/"\. Expected the issuer of your OIDC server as an https:\/\/ URL/,
    ],
    [
      'oidcIssuer is missing',
      { ...OIDC_CONTEXT, oidcIssuer: undefined },
      /Invalid oidcIssuer: received nothing/,
    ],
    [
      'oidcAudience is missing',
      { ...OIDC_CONTEXT, oidcAudience: '' },
      /Invalid oidcAudience: received "". Expected the API identifier \(audience\) the access tokens are minted for/,
    ],
    [
      'oidcClientId is missing',
      { ...OIDC_CONTEXT, oidcClientId: undefined },
      /Invalid oidcClientId: received nothing/,
    ],
    [
      'oidcAuthorizationUrl is missing',
      { ...OIDC_CONTEXT, oidcAuthorizationUrl: undefined },
      /Invalid oidcAuthorizationUrl: received nothing .*Expected an absolute https:\/\/ URL/,
    ],
    [
      'oidcTokenUrl is http',
      { ...OIDC_CONTEXT, oidcTokenUrl: 'http://acme.eu.auth0.com/oauth/token' },
      /Invalid oidcTokenUrl: received "http:\/\/acme\.eu\.auth0\.com\/oauth\/token"\. Expected an absolute https:\/\/ URL/,
    ],
    [
      'oidcJwksUrl is not a URL',
      { ...OIDC_CONTEXT, oidcJwksUrl: 'jwks.json' },
      /Invalid oidcJwksUrl: received "jwks\.json"/,
    ],
    [
      'oidcUserInfoUrl is http',
      { ...OIDC_CONTEXT, oidcUserInfoUrl: 'http://acme.eu.auth0.com/userinfo' },
      /Invalid oidcUserInfoUrl: received "http:/,
    ],
    [
      'oidcScopes is a number',
      { ...OIDC_CONTEXT, oidcScopes: 4 },
      /Invalid oidcScopes: received 4 \(number\)/,
    ],
  ])('fails when %s', (_case, context, message) => {
    expect.assertions(2);
    const merged: Record<string, unknown> = { ...TEST_CONTEXT, ...context };
    try {
      readAppSettings((key) => merged[key]);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
