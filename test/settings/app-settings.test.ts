/**
 * readAppSettings at every anchor and boundary, each bad value with its literal error, and every
 * error collected before one is thrown. Pure: no stack, no synthesis.
 */
import {
  EXAMPLE_VALUES,
  KNOWN_SETTING_KEYS,
  assertIsSkillId,
  isSkillId,
  readAppSettings,
} from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  InvalidSettingsError,
  UnknownSettingError,
  settingErrorLines,
} from '../../lib/app-settings/invalid-settings-error';

const SKILL_ID = 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const BASE = { alexaVendorId: 'M2AAAAAAAAAAAA', skillId: SKILL_ID, domainPrefix: 'acme-login' };
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

const settings = (context: Record<string, unknown>, presentKeys?: string[]) => {
  const merged: Record<string, unknown> = { ...BASE, ...context };
  return readAppSettings((key) => merged[key], presentKeys);
};

function errorOf(context: Record<string, unknown>, presentKeys?: string[]): InvalidSettingError {
  try {
    settings(context, presentKeys);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

describe('defaults and values read', () => {
  test('the defaults, literally', () => {
    expect(settings({})).toStrictEqual({
      alexaVendorId: 'M2AAAAAAAAAAAA',
      skillId: SKILL_ID,
      domainPrefix: 'acme-login',
      customDomain: undefined,
      scopes: ['openid', 'email', 'profile'],
      extraCallbackUrls: [],
      stage: 'dev',
      retainUserPool: true,
      deletionProtection: true,
      mfa: 'optional',
      featurePlan: 'essentials',
      loginUi: 'managed',
      smapiCredentialsSecret: undefined,
      skillType: 'custom',
      passwordMinLength: undefined,
      linkingServer: { kind: 'cognito' },
      ignoredKeys: [],
      signIn: { signInWith: undefined, cognitoSignIn: true },
      skillRegions: [],
      skillStages: [{ stage: 'development', options: {} }],
      recordTokenExchanges: false,
      exampleValuesInUse: [],
      nag: true,
    });
  });

  test('every setting given, trimmed where it is a string', () => {
    expect(
      settings({
        alexaVendorId: ' M2BBBBBB ',
        skillId: ` ${SKILL_ID} `,
        domainPrefix: undefined,
        customDomain: ' login.example.com ',
        customDomainCertificateArn: CERT,
        scopes: 'openid,phone',
        extraCallbackUrls: ['https://a.example.com/cb'],
        stage: 'p',
        retainUserPool: 'false',
        deletionProtection: false,
        mfa: 'required',
        featurePlan: 'plus',
        loginUi: 'classic',
        smapiCredentialsSecret: 'alexa/smapi',
        skillType: 'smart-home',
        passwordMinLength: '15',
        alarmEmail: ' ops@example.com ',
        skillRegions: 'eu-west-1, us-east-1',
        nag: 'false',
        recordTokenExchanges: 'true',
      })
    ).toStrictEqual({
      alexaVendorId: 'M2BBBBBB',
      skillId: SKILL_ID,
      domainPrefix: undefined,
      customDomain: { domainName: 'login.example.com', certificateArn: CERT },
      scopes: ['openid', 'phone'],
      extraCallbackUrls: ['https://a.example.com/cb'],
      stage: 'p',
      retainUserPool: false,
      deletionProtection: false,
      mfa: 'required',
      featurePlan: 'plus',
      loginUi: 'classic',
      smapiCredentialsSecret: 'alexa/smapi',
      skillType: 'smart-home',
      passwordMinLength: 15,
      linkingServer: { kind: 'cognito' },
      ignoredKeys: [],
      signIn: { signInWith: undefined, cognitoSignIn: true },
      alarmEmail: 'ops@example.com',
      skillRegions: ['eu-west-1', 'us-east-1'],
      skillStages: [{ stage: 'development', options: {} }],
      recordTokenExchanges: true,
      exampleValuesInUse: [],
      nag: false,
    });
  });

  test.each([
    ['mfa', 'off'],
    ['featurePlan', 'essentials'],
    ['loginUi', 'managed'],
  ])('%s takes %s', (key, value) => {
    expect(settings({ [key]: value })).toMatchObject({ [key]: value });
  });

  test.each([
    [true, true],
    ['true', true],
    [null, true],
  ])('retainUserPool %j is %s', (value, expected) => {
    expect(settings({ retainUserPool: value, deletionProtection: value })).toMatchObject({
      retainUserPool: expected,
      deletionProtection: expected,
    });
  });

  test('the example values still in use are named, in order', () => {
    expect(settings({ ...EXAMPLE_VALUES }).exampleValuesInUse).toStrictEqual([
      'alexaVendorId',
      'skillId',
      'domainPrefix',
    ]);
    expect(EXAMPLE_VALUES).toStrictEqual({
      alexaVendorId: 'M0EXAMPLEVENDOR',
      skillId: 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000',
      domainPrefix: 'example-alexa-linking',
    });
  });

  test('the keys of another linking server are ignored, not checked', () => {
    const result = settings({
      linkingServer: 'login-with-amazon',
      lwaClientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
      domainPrefix: 'NOT VALID',
      mfa: 'sms',
    });
    expect(result.ignoredKeys).toStrictEqual(['domainPrefix', 'mfa']);
    expect(result.domainPrefix).toBeUndefined();
    expect(result.mfa).toBe('optional');
  });

  test('the known keys, literally', () => {
    expect(KNOWN_SETTING_KEYS).toStrictEqual([
      'alexaVendorId',
      'skillId',
      'stage',
      'skillType',
      'smapiCredentialsSecret',
      'linkingServer',
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
      'passwordMinLength',
      'signInWith',
      'cognitoSignIn',
      'directSignIn',
      'lwaClientId',
      'lwaClientSecretName',
      'lwaScopes',
      'oidcIssuer',
      'oidcAudience',
      'oidcClientId',
      'oidcClientSecretName',
      'oidcAuthorizationUrl',
      'oidcTokenUrl',
      'oidcJwksUrl',
      'oidcUserInfoUrl',
      'oidcScopes',
      'skipOnEnablement',
      'voiceForwardAccountLinking',
      'accountLinkingDomains',
      'defaultTokenExpirationInSeconds',
      'appLinkingIosUrl',
      'appLinkingAndroidUrl',
      'appRedirectUrls',
      'skillStages',
      'appToAppLinking',
      'appToAppLinkingSecret',
      'appToAppLinkingClientIds',
      'alexaEventsSecretName',
      'alarmEmail',
      'skillRegions',
      'recordTokenExchanges',
      'nag',
    ]);
  });
});

describe('skill ID', () => {
  const FORM =
    'the skill ID from the Alexa developer console, "amzn1.ask.skill." followed by a lower-case UUID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")';
  test.each([
    `x${SKILL_ID}`,
    `${SKILL_ID}a`,
    SKILL_ID.replace('1a2b3c4d', '1a2b3c4'),
    SKILL_ID.replace('5e6f', '5e6f0'),
    SKILL_ID.replace('7a8b', '7a8'),
    SKILL_ID.replace('9c0d', '9c0dd'),
    SKILL_ID.replace('1e2f3a4b5c6d', '1e2f3a4b5c6'),
    SKILL_ID.replace('skill.', 'skillx'),
    SKILL_ID.replace('amzn1.', 'amzn1x'),
    SKILL_ID.replace('ask.', 'askx'),
    SKILL_ID.replace('-', '_'),
    SKILL_ID.toUpperCase(),
  ])('refuses %s', (value) => {
    expect(isSkillId(value)).toBe(false);
    expect(() => assertIsSkillId(value)).toThrow(
      `Invalid skillId: received "${value}". Expected ${FORM}.`
    );
    expect(errorOf({ skillId: value }).message).toBe(
      `Invalid skillId: received "${value}". Expected ${FORM}.`
    );
  });

  test('a missing skill ID says what it needs', () => {
    expect(errorOf({ skillId: undefined }).message).toBe(
      'Invalid skillId: received nothing (the setting is missing). Expected the skill ID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d").'
    );
    expect(errorOf({ skillId: 5 }).message).toBe(
      'Invalid skillId: received 5 (number). Expected a string.'
    );
  });

  test('an empty skill ID says what it needs, like a missing one', () => {
    expect(errorOf({ skillId: '' }).message).toBe(
      'Invalid skillId: received "". Expected the skill ID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d").'
    );
  });

  test('a missing vendor ID says what it needs, even when empty', () => {
    expect(errorOf({ alexaVendorId: '' }).message).toBe(
      'Invalid alexaVendorId: received "". Expected the Alexa developer vendor ID (e.g. "M2AAAAAAAAAAAA").'
    );
    expect(errorOf({ alexaVendorId: null }).message).toBe(
      'Invalid alexaVendorId: received null (object). Expected the Alexa developer vendor ID (e.g. "M2AAAAAAAAAAAA").'
    );
  });

  test.each([
    ['alexaVendorId', 'M2...', 'vendor ID'],
    ['alexaVendorId', 'M2…', 'vendor ID'],
    ['alexaVendorId', '<VENDOR>', 'vendor ID'],
    ['alexaVendorId', 'M2XXXXAAAA', 'vendor ID'],
    ['alexaVendorId', 'M2xxxxAAAA', 'vendor ID'],
    ['skillId', 'amzn1.ask.skill....', 'skill ID'],
    ['skillId', 'amzn1.ask.skill.<id>', 'skill ID'],
  ])('%s %j is a placeholder', (key, value, what) => {
    expect(errorOf({ [key]: value }).message).toBe(
      `Invalid ${key}: received "${value}". Expected your own ${what}: this is a placeholder (docs/getting-started.md names the placeholders refused, "M2..." and "amzn1.ask.skill...."); copy yours from the Alexa developer console.`
    );
  });

  test('a vendor ID with XXX (three) is no placeholder, only checked as a vendor ID', () => {
    expect(settings({ alexaVendorId: 'M2XXXAAAA' }).alexaVendorId).toBe('M2XXXAAAA');
  });
});

describe('custom domain', () => {
  // The custom domain replaces the prefix domain, so these contexts leave BASE's prefix out.
  const NO_PREFIX = { domainPrefix: undefined };
  const ARN_FORM =
    'an ACM certificate ARN in us-east-1, where Cognito requires custom domain certificates (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")';

  test.each([
    CERT,
    'arn:aws-cn:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    'arn:aws-us-gov:acm:us-east-1:123456789012:certificate/------------------------------------',
  ])('takes the certificate %s', (arn) => {
    expect(
      settings({ ...NO_PREFIX, customDomain: 'login.example.com', customDomainCertificateArn: arn })
        .customDomain
    ).toStrictEqual({ domainName: 'login.example.com', certificateArn: arn });
  });

  test.each([
    `x${CERT}`,
    `${CERT}0`,
    CERT.replace('us-east-1', 'us-west-2'),
    CERT.replace('123456789012', '12345678901'),
    CERT.replace('certificate/', 'certificate:'),
    CERT.replace('1a2b3c4d', '1A2B3C4D'),
    CERT.replace(':acm:', ':iam:'),
    CERT.replace('arn:aws:', 'arn:awsX:'),
  ])('refuses the certificate %s', (arn) => {
    expect(
      errorOf({ ...NO_PREFIX, customDomain: 'login.example.com', customDomainCertificateArn: arn })
        .message
    ).toBe(`Invalid customDomainCertificateArn: received "${arn}". Expected ${ARN_FORM}.`);
  });

  test('a domain without a certificate, and a certificate without a domain', () => {
    expect(errorOf({ ...NO_PREFIX, customDomain: 'login.example.com' }).message).toBe(
      'Invalid customDomainCertificateArn: received nothing (the setting is missing). Expected the ARN of an ACM certificate in us-east-1 covering customDomain "login.example.com" (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/…").'
    );
    expect(errorOf({ customDomainCertificateArn: CERT }).message).toBe(
      'Invalid customDomain: received nothing (the setting is missing). Expected the custom sign-in host name that customDomainCertificateArn is for (e.g. "login.example.com").'
    );
  });

  test('a certificate of the wrong form without a domain gives both errors', () => {
    try {
      settings({ customDomainCertificateArn: 'arn:x' });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      expect((error as InvalidSettingsError).errors.map((e) => e.setting)).toStrictEqual([
        'customDomainCertificateArn',
        'customDomain',
      ]);
    }
  });

  test('a domain that is not a string', () => {
    expect(
      errorOf({ ...NO_PREFIX, customDomain: 5, customDomainCertificateArn: CERT })
    ).toMatchObject({
      setting: 'customDomain',
      expected: 'a string',
    });
  });

  test('a prefix beside the custom domain is refused, not silently unused', () => {
    expect(
      errorOf({ customDomain: 'login.example.com', customDomainCertificateArn: CERT }).message
    ).toBe(
      'Invalid domainPrefix: received "acme-login". Expected no value beside customDomain "login.example.com", which replaces the prefix domain: remove domainPrefix (from cdk.json\'s context too), or remove customDomain to keep the prefix domain.'
    );
  });

  test('the prefix is still checked without a custom domain', () => {
    expect(errorOf({ domainPrefix: 'acme-aws' }).setting).toBe('domainPrefix');
    expect(settings({ domainPrefix: undefined }).domainPrefix).toBeUndefined();
  });
});

describe('lists', () => {
  const SCOPES_FORM =
    'a comma-separated list of openid, email, profile, phone that includes openid (e.g. "openid,email,profile")';
  test.each(['openid,admin', 'openid,Email', ['openid', 'profiles']])(
    'refuses the scopes %j',
    (scopes) => {
      expect(errorOf({ scopes })).toMatchObject({
        setting: 'scopes',
        received: scopes,
        expected: SCOPES_FORM,
      });
    }
  );

  test.each([
    ['a trailing comma', 'openid,'],
    ['a blank entry in a JSON list', ['openid', ' ']],
  ])('refuses scopes with %s', (_case, scopes) => {
    expect(errorOf({ scopes })).toMatchObject({
      setting: 'scopes',
      expected: 'a list without blank entries (no empty item between commas, nor a trailing comma)',
    });
  });

  test.each([{ a: 1 }, ['openid', 1], true])('refuses scopes of the wrong type %j', (scopes) => {
    expect(errorOf({ scopes })).toMatchObject({
      setting: 'scopes',
      expected: 'a comma-separated string or a JSON list of strings',
    });
  });

  test('an empty JSON list of scopes is no scope at all', () => {
    expect(settings({ scopes: [] }).scopes).toStrictEqual([]);
  });

  test.each([
    [
      'https://a.example.com/cb https://b.example.com/cb',
      'https://a.example.com/cb https://b.example.com/cb',
      'URLs separated by commas, not spaces (e.g. "https://a.example.com/cb,https://b.example.com/cb")',
    ],
    [
      ['https://a.example.com/c\tb'],
      ['https://a.example.com/c\tb'],
      'URLs separated by commas, not spaces (e.g. "https://a.example.com/cb,https://b.example.com/cb")',
    ],
    [
      'https://a.example.com/cb,http://b.example.com/cb',
      'http://b.example.com/cb',
      'absolute https:// URLs, comma-separated in context (e.g. "https://app.example.com/alexa/link")',
    ],
    [
      'https://a.example.com/cb#x',
      'https://a.example.com/cb#x',
      'URLs without a #fragment, which Cognito refuses in a callback URL (e.g. "https://app.example.com/alexa/link")',
    ],
    [
      'https://a.example.com/cb,,https://b.example.com/cb',
      'https://a.example.com/cb,,https://b.example.com/cb',
      'a list without blank entries (no empty item between commas, nor a trailing comma)',
    ],
    [[42], [42], 'a comma-separated string or a JSON list of strings'],
  ])('refuses the callback URLs %j', (extraCallbackUrls, received, expected) => {
    expect(errorOf({ extraCallbackUrls })).toMatchObject({
      setting: 'extraCallbackUrls',
      received,
      expected,
    });
  });

  test('callback URLs are trimmed and kept in order', () => {
    expect(
      settings({ extraCallbackUrls: ' https://b.example.com/cb , https://a.example.com/cb' })
        .extraCallbackUrls
    ).toStrictEqual(['https://b.example.com/cb', 'https://a.example.com/cb']);
  });
});

describe('single values', () => {
  const STAGE_FORM =
    '1 to 20 characters of a-z, 0-9 and -, starting with a letter (e.g. "dev" or "prod")';
  test.each(['a', 'a'.repeat(20), 'prod-2'])('takes the stage %s', (stage) => {
    expect(settings({ stage }).stage).toBe(stage);
  });
  test.each(['a'.repeat(21), '2prod', '-prod', 'Prod', 'prod_1', ' prod', 'prod ', 7])(
    'refuses the stage %j',
    (stage) => {
      expect(errorOf({ stage })).toMatchObject({
        setting: 'stage',
        received: stage,
        expected: STAGE_FORM,
      });
    }
  );

  const SMAPI_FORM =
    'the name or ARN of a Secrets Manager secret holding {"clientId", "clientSecret", "refreshToken"} for the Skill Management API (e.g. "alexa/smapi-credentials")';
  test.each([
    'a',
    's'.repeat(512),
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/smapi-AbCdEf',
  ])('takes the SMAPI secret %s', (smapiCredentialsSecret) => {
    expect(settings({ smapiCredentialsSecret }).smapiCredentialsSecret).toBe(
      smapiCredentialsSecret
    );
  });
  test.each([
    's'.repeat(513),
    'alexa smapi',
    ' alexa',
    'arn:aws:secretsmanager:eu-west-1:12345678901:secret:x y',
    'arn:aws:secretsmanager:e-west-1:123456789012:secret:x y',
    5,
  ])('refuses the SMAPI secret %j', (smapiCredentialsSecret) => {
    expect(errorOf({ smapiCredentialsSecret })).toMatchObject({
      setting: 'smapiCredentialsSecret',
      received: smapiCredentialsSecret,
      expected: SMAPI_FORM,
    });
  });

  test.each([
    ['mfa', 'sms', 'one of "off", "optional", "required"'],
    ['mfa', 7, 'one of "off", "optional", "required"'],
    ['featurePlan', 'Plus', 'one of "essentials", "plus"'],
    ['loginUi', 'hosted', 'one of "managed", "classic"'],
    ['retainUserPool', 'yes', 'true or false'],
    ['deletionProtection', 0, 'true or false'],
  ])('refuses %s %j', (key, value, expected) => {
    expect(errorOf({ [key]: value })).toMatchObject({ setting: key, received: value, expected });
  });

  test.each(['stage', 'mfa', 'scopes', 'customDomain', 'passwordMinLength'])(
    'an empty %s is refused, not defaulted',
    (key) => {
      expect(errorOf({ [key]: ' ' })).toMatchObject({
        setting: key,
        received: ' ',
        expected: `a value: an empty one is refused; leave ${key} out entirely to use its default`,
      });
    }
  );

  test('settings of other modules come through: password length, skill type, alarm, regions, sign-in', () => {
    expect(errorOf({ passwordMinLength: 7 }).setting).toBe('passwordMinLength');
    expect(errorOf({ skillType: 'x' }).setting).toBe('skillType');
    expect(errorOf({ alarmEmail: 'x' }).setting).toBe('alarmEmail');
    expect(errorOf({ skillRegions: 'ap-south-1' }).setting).toBe('skillRegions');
    expect(errorOf({ cognitoSignIn: 'no' }).setting).toBe('cognitoSignIn');
    expect(errorOf({ linkingServer: 'x' }).setting).toBe('linkingServer');
  });
});

describe('misspelled keys', () => {
  test.each([
    ['alexaVendorID', 'alexaVendorId'],
    ['scope', 'scopes'],
    ['stag', 'stage'],
    ['satge', 'stage'],
    ['mfx', 'mfa'],
    ['loginUI', 'loginUi'],
    ['skilId', 'skillId'],
    ['oidcIssuers', 'oidcIssuer'],
    ['lwaClientID', 'lwaClientId'],
  ])('%s is refused: did you mean %s?', (key, known) => {
    const error = errorOf({ [key]: 'v' }, [key]);
    expect(error).toBeInstanceOf(UnknownSettingError);
    expect(error.message).toBe(`Unknown setting '${key}', did you mean '${known}'? (received "v")`);
    expect(error.name).toBe('UnknownSettingError');
    expect((error as UnknownSettingError).suggestion).toBe(known);
    expect(error.expected).toBe(`the setting '${known}'`);
  });

  test.each([
    ['linkServer', 'linkingServer'],
    ['lwaClientSecret', 'lwaClientSecretName'],
    ['alarm', 'alarmEmail'],
  ])('%s, no setting but close to one, is refused: did you mean %s?', (key, known) => {
    expect(errorOf({ [key]: 'oidc' }, [key])).toMatchObject({ suggestion: known });
  });

  test.each(['mxx', 'stxgx', 'nagios', 'my_key', '9lives', 'custom-thing', 'ami'])(
    '%s, neither a setting nor a CDK key, is refused',
    (key) => {
      const error = errorOf({ [key]: 'v' }, [key]);
      expect(error).not.toBeInstanceOf(UnknownSettingError);
      expect(error.message).toBe(
        `Invalid ${key}: received "v". Expected no such key: it is neither one of this project's settings (docs/configuration.md lists them) nor a CDK key; remove it from cdk.json or the command line.`
      );
    }
  );

  test('a key that may hold a secret is refused without echoing its value', () => {
    const error = errorOf({ lwaClientSecret: 's3cr3t-value' }, ['lwaClientSecret']);
    expect(error.message).toBe(
      `Unknown setting 'lwaClientSecret', did you mean 'lwaClientSecretName'? (received "(value withheld: it may be a secret)")`
    );
    expect(errorOf({ myToken: 'tok' }, ['myToken']).message).not.toContain('tok"');
  });

  test.each([
    '@aws-cdk/core:checkSecretUsage',
    '@aws-cdk-containers/ecs-service-extensions:enableDefaultLogDriver',
    'aws:cdk:enable-path-metadata',
    'aws:cdk:bundling-stacks',
    'acknowledged-issue-numbers',
    'cli-telemetry',
    'availability-zones:account=123456789012:region=eu-west-1',
    'ssm:account=123456789012:parameterName=/x:region=eu-west-1',
    'nag',
  ])('%s is taken', (key) => {
    expect(() => settings({ [key]: true }, [key])).not.toThrow();
  });

  test.each([
    ['false', false],
    [false, false],
    ['true', true],
    [undefined, true],
  ])('nag %j is %s', (value, expected) => {
    expect(settings({ nag: value }).nag).toBe(expected);
  });

  test.each(['off', 'no', 0])('nag %j is refused, not taken as true', (value) => {
    expect(errorOf({ nag: value }, ['nag'])).toMatchObject({
      setting: 'nag',
      received: value,
      expected: 'true or false',
    });
  });

  test('a misspelled key is reported with every other problem', () => {
    try {
      settings({ scope: 'x', stage: 'Prod' }, ['scope', 'stage']);
      throw new Error('expected an error');
    } catch (error) {
      expect(settingErrorLines(error)).toStrictEqual([
        `Unknown setting 'scope', did you mean 'scopes'? (received "x")`,
        'Invalid stage: received "Prod". Expected 1 to 20 characters of a-z, 0-9 and -, starting with a letter (e.g. "dev" or "prod").',
      ]);
    }
  });
});

describe('errors collected', () => {
  test('every invalid setting once, in reading order', () => {
    try {
      settings({
        alexaVendorId: '',
        skillId: 'x',
        stage: 'Prod',
        mfa: 'sms',
        mfa2: 1,
        scopes: ' ',
      });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      const { errors, message, name } = error as InvalidSettingsError;
      expect(name).toBe('InvalidSettingsError');
      expect(errors.map((e) => e.setting)).toStrictEqual([
        'alexaVendorId',
        'skillId',
        'scopes',
        'stage',
        'mfa',
      ]);
      expect(message.split('\n')).toStrictEqual(errors.map((e) => e.message));
    }
  });

  test('one invalid setting is thrown as itself', () => {
    const error = errorOf({ stage: 'Prod' });
    expect(error).not.toBeInstanceOf(InvalidSettingsError);
    expect(settingErrorLines(error)).toStrictEqual([error.message]);
    expect(settingErrorLines(new Error('x'))).toBeUndefined();
  });

  test('an error that is no setting error is rethrown as it is', () => {
    const boom = new TypeError('boom');
    expect(() =>
      readAppSettings((key) => {
        if (key === 'stage') throw boom;
        return (BASE as Record<string, unknown>)[key];
      })
    ).toThrow(boom);
  });
});
