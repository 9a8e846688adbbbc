/**
 * The linking-server settings at every anchor and boundary, with the literal error each bad value
 * gives (setting, value received, valid form).
 */
import { isHttpsUrl } from '../../lib/app-settings/https-url';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { InvalidSettingsError } from '../../lib/app-settings/invalid-settings-error';
import {
  assertIsHttpsSetting,
  assertIsLwaClientId,
  defaultJwksUrl,
  isLwaClientId,
  readLinkingServerSettings,
  secretNameSetting,
} from '../../lib/app-settings/linking-server-settings';

const LWA_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const LWA = { linkingServer: 'login-with-amazon', lwaClientId: LWA_ID };
const OIDC = {
  linkingServer: 'oidc',
  oidcIssuer: 'https://id.example.com/',
  oidcAudience: 'api',
  oidcClientId: 'client-1',
  oidcAuthorizationUrl: 'https://id.example.com/authorize',
  oidcTokenUrl: 'https://id.example.com/token',
};
const read = (context: Record<string, unknown>) => readLinkingServerSettings((key) => context[key]);

function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

const SECRET_FORM =
  'the name or ARN of a Secrets Manager secret whose JSON field "clientSecret" holds the client secret (e.g. "alexa/client-secret")';
const LWA_ID_FORM =
  'the Client ID of a Login with Amazon security profile, "amzn1.application-oa2-client." followed by 32 lower-case hex digits (Login with Amazon console > Security Profiles > Web Settings)';

describe('linkingServer', () => {
  test.each([undefined, null, ''])('%j means cognito', (value) => {
    expect(read({ linkingServer: value })).toStrictEqual({
      linkingServer: { kind: 'cognito' },
      ignoredKeys: [],
    });
  });

  test.each(['Cognito', 'cognito ', 42])('refuses %j naming the three servers', (value) => {
    const error = errorOf(() => read({ linkingServer: value }));
    expect(error.setting).toBe('linkingServer');
    expect(error.received).toBe(value);
    expect(error.expected).toBe(
      'one of "cognito", "login-with-amazon", "oidc" (default "cognito")'
    );
  });

  test('cognito ignores every key of the other servers that is given, null and empty excepted', () => {
    expect(
      read({
        lwaClientId: 'x',
        lwaClientSecretName: null,
        lwaScopes: '',
        oidcIssuer: 'x',
        oidcScopes: 'x',
        domainPrefix: 'kept',
      }).ignoredKeys
    ).toStrictEqual(['lwaClientId', 'oidcIssuer', 'oidcScopes']);
  });

  test('login-with-amazon ignores the Cognito and OIDC keys, every one of them', () => {
    const keys = [
      'domainPrefix',
      'customDomain',
      'customDomainCertificateArn',
      'scopes',
      'extraCallbackUrls',
      'retainUserPool',
      'deletionProtection',
      'mfa',
      'featurePlan',
      'loginUi',
      'signInWith',
      'cognitoSignIn',
      'directSignIn',
      'oidcIssuer',
      'oidcAudience',
      'oidcClientId',
      'oidcClientSecretName',
      'oidcAuthorizationUrl',
      'oidcTokenUrl',
      'oidcJwksUrl',
      'oidcUserInfoUrl',
      'oidcScopes',
    ];
    const context: Record<string, unknown> = { ...LWA };
    for (const key of keys) context[key] = 'x';
    expect(read(context).ignoredKeys).toStrictEqual(keys);
  });

  test('oidc ignores the LWA keys', () => {
    expect(
      read({ ...OIDC, lwaClientId: 'x', lwaClientSecretName: 'x', lwaScopes: 'x' }).ignoredKeys
    ).toStrictEqual(['lwaClientId', 'lwaClientSecretName', 'lwaScopes']);
  });
});

describe('Login with Amazon', () => {
  test('reads the client ID trimmed, profile by default, no secret', () => {
    expect(read({ ...LWA, lwaClientId: ` ${LWA_ID} ` }).linkingServer).toStrictEqual({
      kind: 'login-with-amazon',
      clientId: LWA_ID,
      clientSecretName: undefined,
      scopes: ['profile'],
    });
  });

  test('reads every known scope, trimmed', () => {
    expect(
      read({ ...LWA, lwaScopes: ' postal_code,profile:user_id, profile' }).linkingServer
    ).toMatchObject({ scopes: ['postal_code', 'profile:user_id', 'profile'] });
  });

  test.each([
    [
      'postal_code,,profile',
      'a list without blank entries (no empty item between commas, nor a trailing comma)',
    ],
    ['profile,postal_code,profile', 'each entry once ("profile" is listed more than once)'],
  ])('refuses the scopes %j rather than dropping an entry', (lwaScopes, expected) => {
    expect(errorOf(() => read({ ...LWA, lwaScopes }))).toMatchObject({
      setting: 'lwaScopes',
      received: lwaScopes,
      expected,
    });
  });

  test.each([
    ['an unknown scope', 'profile,email'],
    ['a scope with a suffix', 'profile2'],
  ])('refuses %s', (_case, lwaScopes) => {
    const error = errorOf(() => read({ ...LWA, lwaScopes }));
    expect(error.message).toBe(
      `Invalid lwaScopes: received "${lwaScopes}". Expected a comma-separated list of profile, profile:user_id, postal_code (e.g. "profile").`
    );
  });

  test.each([
    ['missing', undefined],
    ['blank', '  '],
    ['a number', 7],
  ])('refuses a client ID that is %s', (_case, lwaClientId) => {
    const error = errorOf(() => read({ ...LWA, lwaClientId }));
    expect(error.setting).toBe('lwaClientId');
    expect(error.expected).toBe(
      'the Client ID of your Login with Amazon security profile (e.g. "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef")'
    );
  });

  test.each([
    `x${LWA_ID}`,
    `${LWA_ID}0`,
    LWA_ID.slice(0, -1),
    LWA_ID.replace('client.', 'client-'),
    LWA_ID.replace('amzn1.', 'amzn1x'),
  ])('refuses the client ID %s', (value) => {
    expect(isLwaClientId(value)).toBe(false);
    expect(errorOf(() => assertIsLwaClientId(value)).message).toBe(
      `Invalid lwaClientId: received "${value}". Expected ${LWA_ID_FORM}.`
    );
  });

  test('assertIsLwaClientId names the key it is given', () => {
    expect(errorOf(() => assertIsLwaClientId('x', 'clientId')).setting).toBe('clientId');
    expect(() => assertIsLwaClientId(LWA_ID)).not.toThrow();
  });

  test('lists come from JSON too, and anything else is refused', () => {
    expect(read({ ...LWA, lwaScopes: [' profile '] }).linkingServer).toMatchObject({
      scopes: ['profile'],
    });
    for (const lwaScopes of [{ a: 1 }, ['profile', 3], 5]) {
      const error = errorOf(() => read({ ...LWA, lwaScopes }));
      expect(error.setting).toBe('lwaScopes');
      expect(error.expected).toBe('a comma-separated string or a JSON list of strings');
    }
  });
});

describe('OIDC', () => {
  test('reads the settings, with the default scopes and the JWKS URL derived from the issuer', () => {
    expect(read(OIDC).linkingServer).toStrictEqual({
      kind: 'oidc',
      issuer: 'https://id.example.com/',
      audience: 'api',
      clientId: 'client-1',
      clientSecretName: undefined,
      authorizationUrl: 'https://id.example.com/authorize',
      tokenUrl: 'https://id.example.com/token',
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
      userInfoUrl: undefined,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    });
  });

  test('scopes are trimmed', () => {
    expect(read({ ...OIDC, oidcScopes: 'openid, email' }).linkingServer).toMatchObject({
      scopes: ['openid', 'email'],
    });
  });

  test('nothing but commas is refused as blank entries', () => {
    expect(errorOf(() => read({ ...OIDC, oidcScopes: ',, ,' })).expected).toBe(
      'a list without blank entries (no empty item between commas, nor a trailing comma)'
    );
  });

  test('a scope listed twice is refused', () => {
    expect(errorOf(() => read({ ...OIDC, oidcScopes: 'openid, email,openid' }))).toMatchObject({
      setting: 'oidcScopes',
      expected: 'each entry once ("openid" is listed more than once)',
    });
  });

  test.each([
    ['a scope with a space inside', ['open id']],
    ['a scope with a tab inside', ['open\tid']],
    ['an empty JSON list', []],
  ])('refuses %s', (_case, oidcScopes) => {
    const error = errorOf(() => read({ ...OIDC, oidcScopes }));
    expect(error.setting).toBe('oidcScopes');
    expect(error.expected).toBe(
      'a comma-separated list of scope names (e.g. "openid,profile,email,offline_access")'
    );
  });

  test.each([
    ['empty', ''],
    ['http', 'http://id.example.com/'],
    ['a number', 1],
    ['padded with a space', ' https://id.example.com/'],
  ])('refuses an issuer that is %s', (_case, oidcIssuer) => {
    const error = errorOf(() => read({ ...OIDC, oidcIssuer }));
    expect(error.setting).toBe('oidcIssuer');
    expect(error.received).toBe(oidcIssuer);
    expect(error.expected).toBe(
      'the issuer of your OIDC server as an https:// URL, exactly as its tokens carry it in "iss" (e.g. "https://tenant.eu.auth0.com/", with the trailing slash for Auth0)'
    );
  });

  test.each([
    [
      'oidcAudience',
      'the API identifier (audience) the access tokens are minted for (e.g. "https://alexa.example.com/api"); without one, Auth0 issues opaque access tokens the skill cannot verify',
    ],
    ['oidcClientId', 'the client ID of the application you created for Alexa on your OIDC server'],
    [
      'oidcAuthorizationUrl',
      'an absolute https:// URL (e.g. "https://tenant.eu.auth0.com/authorize")',
    ],
    ['oidcTokenUrl', 'an absolute https:// URL (e.g. "https://tenant.eu.auth0.com/oauth/token")'],
  ])('refuses a missing %s', (key, expected) => {
    const error = errorOf(() => read({ ...OIDC, [key]: undefined }));
    expect(error.setting).toBe(key);
    expect(error.expected).toBe(expected);
  });

  test.each([
    ['oidcAuthorizationUrl', 'https://tenant.eu.auth0.com/authorize'],
    ['oidcTokenUrl', 'https://tenant.eu.auth0.com/oauth/token'],
    ['oidcJwksUrl', 'https://tenant.eu.auth0.com/.well-known/jwks.json'],
    ['oidcUserInfoUrl', 'https://tenant.eu.auth0.com/userinfo'],
  ])('refuses an http %s, with its example', (key, example) => {
    const error = errorOf(() => read({ ...OIDC, [key]: 'http://id.example.com/x' }));
    expect(error.message).toBe(
      `Invalid ${key}: received "http://id.example.com/x". Expected an absolute https:// URL (e.g. "${example}").`
    );
  });

  test('takes the optional URLs and the secret name as given', () => {
    expect(
      read({
        ...OIDC,
        oidcJwksUrl: 'https://keys.example.com/k',
        oidcUserInfoUrl: 'https://id.example.com/me',
        oidcClientSecretName: 'alexa/oidc',
      }).linkingServer
    ).toMatchObject({
      jwksUrl: 'https://keys.example.com/k',
      userInfoUrl: 'https://id.example.com/me',
      clientSecretName: 'alexa/oidc',
    });
  });

  test('assertIsHttpsSetting names the key, the value and the example', () => {
    expect(errorOf(() => assertIsHttpsSetting('k', 'ftp://x', 'https://e')).message).toBe(
      'Invalid k: received "ftp://x". Expected an absolute https:// URL (e.g. "https://e").'
    );
    expect(() => assertIsHttpsSetting('k', 'https://x', 'https://e')).not.toThrow();
  });

  test.each([
    ['https://a.example.com//', 'https://a.example.com/.well-known/jwks.json'],
    ['https://a.example.com/t', 'https://a.example.com/t/.well-known/jwks.json'],
    ['https://a.example.com/t/x/', 'https://a.example.com/t/x/.well-known/jwks.json'],
  ])('defaultJwksUrl(%s)', (issuer, expected) => {
    expect(defaultJwksUrl(issuer)).toBe(expected);
  });
});

describe('secretNameSetting', () => {
  test.each([
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['a', 'a'],
    ['A-z0/9_+=.@-', 'A-z0/9_+=.@-'],
    ['s'.repeat(512), 's'.repeat(512)],
    [
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/lwa',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/lwa',
    ],
    [
      'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf',
      'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf',
    ],
  ])('takes %j', (value, expected) => {
    expect(secretNameSetting('k', value)).toBe(expected);
  });

  test.each([
    ['a number', 5],
    ['a name of 513 characters', 's'.repeat(513)],
    ['a name with a space', 'alexa secret'],
    ['a name with text before a valid one', ' alexa'],
    ['a name with text after a valid one', 'alexa '],
    ['a dynamic reference', '{{resolve:secretsmanager:alexa}}'],
  ])('refuses %s', (_case, value) => {
    const error = errorOf(() => secretNameSetting('mySecret', value));
    expect(error.setting).toBe('mySecret');
    expect(error.received).toBe(value);
    expect(error.expected).toBe(SECRET_FORM);
  });

  test.each([
    'arn:aws:secretsmanager:eu-west-1:12345678901:secret:x',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:a b',
    'arn:aws:secretsmanager:e-west-1:123456789012:secret:x',
    'arn:aws:secretsmanager:EU-west-1:123456789012:secret:x',
    'arn:aws:secretsmanager:eu-:123456789012:secret:x',
    'arn:aws:secretsmanager:eu-west-1:123456789012:parameter:x',
    'arn:aws:s3:::bucket/secret',
    'arn:awsX:secretsmanager:eu-west-1:123456789012:secret:x',
  ])('refuses the ARN %s', (value) => {
    expect(errorOf(() => secretNameSetting('k', value)).expected).toBe(
      `${SECRET_FORM}; an ARN must be a Secrets Manager secret ARN ("arn:aws:secretsmanager:<region>:<account>:secret:<name>")`
    );
  });

  test.each([
    'arn:aws:ssm:eu-west-1:123456789012:parameter/alexa',
    'ARN:AWS:SSM:eu-west-1:123456789012:parameter/alexa',
    'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/alexa',
    '{{resolve:ssm-secure:/alexa:1}}',
    'my-SSM-SECURE-name',
  ])('refuses the SSM parameter %s with the reason', (value) => {
    expect(errorOf(() => secretNameSetting('k', value)).expected).toBe(
      `${SECRET_FORM}. SSM parameters (SecureString included) are not supported: CloudFormation does not resolve ssm-secure references in an identity provider's ProviderDetails, so move the secret to Secrets Manager`
    );
  });

  test('an ssm ARN not at the start is a name, and refused as one', () => {
    expect(errorOf(() => secretNameSetting('k', 'x arn:aws:ssm:')).expected).toBe(SECRET_FORM);
  });
});

describe('isHttpsUrl', () => {
  test.each([
    ['https://a', true],
    ['https://a.example.com/path?q=1', true],
    ['http://a.example.com', false],
    ['https://', false],
    ['https://a.example.com ', false],
    [' https://a.example.com', false],
    ['not a url', false],
  ])('%j is %s', (value, expected) => {
    expect(isHttpsUrl(value)).toBe(expected);
  });
});

describe('InvalidSettingError', () => {
  test.each<[unknown, string]>([
    [undefined, 'Invalid k: received nothing (the setting is missing). Expected e.'],
    ['v', 'Invalid k: received "v". Expected e.'],
    [3, 'Invalid k: received 3 (number). Expected e.'],
    [true, 'Invalid k: received true (boolean). Expected e.'],
    [['a'], 'Invalid k: received ["a"] (a list). Expected e.'],
    [{ a: 1 }, 'Invalid k: received {"a":1} (object). Expected e.'],
    [null, 'Invalid k: received null (object). Expected e.'],
  ])('describes %j', (value, message) => {
    const error = new InvalidSettingError('k', value, 'e');
    expect(error.message).toBe(message);
    expect(error.name).toBe('InvalidSettingError');
    expect([error.setting, error.received, error.expected]).toStrictEqual(['k', value, 'e']);
  });
});

describe('every problem of a server at once', () => {
  const problemsOf = (context: Record<string, unknown>) => {
    try {
      read(context);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      return (error as InvalidSettingsError).errors.map((e) => e.setting);
    }
    throw new Error('expected an InvalidSettingsError');
  };

  test('oidc with nothing else names the five required keys', () => {
    expect(problemsOf({ linkingServer: 'oidc' })).toStrictEqual([
      'oidcIssuer',
      'oidcAudience',
      'oidcClientId',
      'oidcAuthorizationUrl',
      'oidcTokenUrl',
    ]);
  });

  test('oidc names malformed optional keys beside the missing ones', () => {
    expect(
      problemsOf({
        linkingServer: 'oidc',
        oidcIssuer: 'http://id.example.com/',
        oidcScopes: 'openid,openid',
        oidcClientSecretName: 'ssm-secure:x',
        oidcJwksUrl: 'ftp://x',
        oidcUserInfoUrl: 'x',
      })
    ).toStrictEqual([
      'oidcIssuer',
      'oidcAudience',
      'oidcClientId',
      'oidcScopes',
      'oidcClientSecretName',
      'oidcAuthorizationUrl',
      'oidcTokenUrl',
      'oidcJwksUrl',
      'oidcUserInfoUrl',
    ]);
  });

  test('login-with-amazon names its client ID, scopes and secret together', () => {
    expect(
      problemsOf({
        linkingServer: 'login-with-amazon',
        lwaScopes: 'email',
        lwaClientSecretName: '{{resolve:secretsmanager:x}}',
      })
    ).toStrictEqual(['lwaClientId', 'lwaScopes', 'lwaClientSecretName']);
  });
});
