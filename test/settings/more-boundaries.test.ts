/** Settings boundaries the first mutation runs found untested, with literal expectations. */
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  readLinkingServerSettings,
  secretNameSetting,
} from '../../lib/app-settings/linking-server-settings';
import {
  SMART_HOME_REGIONS,
  readSkillTypeSettings,
} from '../../lib/app-settings/skill-type-settings';

const BASE: Record<string, unknown> = {
  alexaVendorId: 'M2AAAAAAAAAAAA',
  skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
};
const settings = (context: Record<string, unknown>) =>
  readAppSettings((k) => ({ ...BASE, ...context })[k]);
function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

test('null (a cdk.json null) is the default for every optional setting', () => {
  expect(
    settings({
      stage: null,
      smapiCredentialsSecret: null,
      mfa: null,
      scopes: null,
      extraCallbackUrls: null,
      deletionProtection: null,
    })
  ).toMatchObject({
    stage: 'dev',
    smapiCredentialsSecret: undefined,
    mfa: 'optional',
    scopes: ['openid', 'email', 'profile'],
    extraCallbackUrls: [],
    deletionProtection: true,
  });
});

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x';
test.each([`${ARN} y`, `x:${ARN}`, 'arn:awsX:secretsmanager:eu-west-1:123456789012:secret:x y'])(
  'the SMAPI and events secrets refuse %j',
  (value) => {
    expect(errorOf(() => settings({ smapiCredentialsSecret: value })).setting).toBe(
      'smapiCredentialsSecret'
    );
    expect(
      errorOf(() =>
        readSkillTypeSettings((k) => ({ skillType: 'smart-home', alexaEventsSecretName: value })[k])
      ).setting
    ).toBe('alexaEventsSecretName');
  }
);

test('the SMAPI secret takes an ARN of another partition', () => {
  const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x';
  expect(settings({ smapiCredentialsSecret: arn }).smapiCredentialsSecret).toBe(arn);
});

test('a client secret refuses an ARN with text before the secretsmanager ARN', () => {
  expect(
    errorOf(() => secretNameSetting('k', `arn:x${ARN}`)).expected.endsWith(
      '; an ARN must be a Secrets Manager secret ARN ("arn:aws:secretsmanager:<region>:<account>:secret:<name>")'
    )
  ).toBe(true);
});

describe('linking server keys', () => {
  const LWA = {
    linkingServer: 'login-with-amazon',
    lwaClientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  };
  const OIDC = {
    linkingServer: 'oidc',
    oidcIssuer: 'https://id.example.com/',
    oidcAudience: 'api',
    oidcClientId: 'c',
    oidcAuthorizationUrl: 'https://id.example.com/a',
    oidcTokenUrl: 'https://id.example.com/t',
  };
  const read = (context: Record<string, unknown>) =>
    readLinkingServerSettings((k) => context[k]).linkingServer;

  test('the client secret names are read from their own keys and checked under them', () => {
    expect(read({ ...LWA, lwaClientSecretName: 'alexa/lwa' })).toMatchObject({
      clientSecretName: 'alexa/lwa',
    });
    expect(read({ ...OIDC, oidcClientSecretName: 'alexa/oidc' })).toMatchObject({
      clientSecretName: 'alexa/oidc',
    });
    expect(errorOf(() => read({ ...LWA, lwaClientSecretName: 'a b' })).setting).toBe(
      'lwaClientSecretName'
    );
    expect(errorOf(() => read({ ...OIDC, oidcClientSecretName: 'a b' })).setting).toBe(
      'oidcClientSecretName'
    );
  });

  test('oidcScopes: one scope with a space among good ones is refused, naming the value', () => {
    const oidcScopes = ['openid', 'open id'];
    const error = errorOf(() => read({ ...OIDC, oidcScopes }));
    expect([error.setting, error.received]).toStrictEqual(['oidcScopes', oidcScopes]);
    expect(errorOf(() => read({ ...OIDC, oidcScopes: 5 })).setting).toBe('oidcScopes');
    expect(read({ ...OIDC, oidcScopes: 'openid' })).toMatchObject({ scopes: ['openid'] });
  });
});

test('the smart home regions and what they serve', () => {
  expect(SMART_HOME_REGIONS).toStrictEqual({
    'us-east-1': 'North America (NA), e.g. en-US, en-CA, fr-CA, es-US, es-MX, pt-BR',
    'eu-west-1': 'Europe and India (EU), e.g. en-GB, en-IN, de-DE, fr-FR, it-IT, es-ES',
    'us-west-2': 'Far East (FE), e.g. ja-JP, en-AU',
  });
});
