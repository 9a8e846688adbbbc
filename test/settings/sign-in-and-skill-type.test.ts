/**
 * Sign-in providers, the skill type and the password length, at every anchor and boundary, with
 * the literal error of each bad value.
 */
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { InvalidSettingsError } from '../../lib/app-settings/invalid-settings-error';
import {
  PASSWORD_MIN_LENGTH,
  passwordMinLengthSetting,
} from '../../lib/app-settings/password-min-length';
import { readSignInSettings } from '../../lib/app-settings/sign-in-providers-settings';
import {
  assertSmartHomeScopes,
  isSmartHomeRegion,
  readSkillTypeSettings,
} from '../../lib/app-settings/skill-type-settings';

function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

const EXAMPLE =
  '{"google": {"clientId": "1234-abc.apps.googleusercontent.com", "clientSecretName": "alexa/google"}}';
const GOOGLE = {
  clientId: '1234-abc.apps.googleusercontent.com',
  clientSecretName: 'alexa/google',
};
const AMAZON = {
  clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  clientSecretName: 'alexa/lwa',
};
const FACEBOOK = { clientId: '12345', clientSecretName: 'alexa/fb' };
const OIDC = {
  name: 'Auth0',
  issuer: 'https://tenant.eu.auth0.com/',
  clientId: 'abc',
  clientSecretName: 'alexa/oidc',
};
const signIn = (context: Record<string, unknown>) => readSignInSettings((key) => context[key]);

describe('readSignInSettings', () => {
  test.each([undefined, null, ''])('signInWith %j: email and password only', (value) => {
    expect(signIn({ signInWith: value })).toStrictEqual({
      signInWith: undefined,
      cognitoSignIn: true,
    });
  });

  test('reads every provider from a JSON string, trimmed', () => {
    const signInWith = JSON.stringify({
      amazon: AMAZON,
      google: { clientId: ` ${GOOGLE.clientId} `, clientSecretName: ' alexa/google ' },
      facebook: FACEBOOK,
      oidc: OIDC,
    });
    expect(signIn({ signInWith, directSignIn: 'oidc' })).toStrictEqual({
      signInWith: { amazon: AMAZON, google: GOOGLE, facebook: FACEBOOK, oidc: OIDC },
      cognitoSignIn: true,
      directSignIn: 'oidc',
    });
  });

  test.each([
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
    [null, true],
    ['', true],
  ])('cognitoSignIn %j is %s', (cognitoSignIn, expected) => {
    expect(signIn({ signInWith: { google: GOOGLE }, cognitoSignIn }).cognitoSignIn).toBe(expected);
  });

  test.each(['TRUE', 'yes', 1, 0])('refuses cognitoSignIn %j', (cognitoSignIn) => {
    const error = errorOf(() => signIn({ cognitoSignIn }));
    expect(error.message).toBe(
      `Invalid cognitoSignIn: received ${JSON.stringify(cognitoSignIn)}${typeof cognitoSignIn === 'number' ? ' (number)' : ''}. Expected true or false.`
    );
  });

  test('refuses turning email and password off without a provider', () => {
    expect(errorOf(() => signIn({ cognitoSignIn: false })).message).toBe(
      `Invalid cognitoSignIn: received false (boolean). Expected true, unless signInWith names at least one provider: without either nobody could sign in (e.g. signInWith ${EXAMPLE}).`
    );
  });

  test.each(['{google', '[]', '{}', { apple: GOOGLE }])(
    'an invalid signInWith %j beside cognitoSignIn false is its only problem',
    (signInWith) => {
      expect(errorOf(() => signIn({ signInWith, cognitoSignIn: false })).setting).toBe(
        'signInWith'
      );
    }
  );

  test.each([null, ''])('directSignIn %j is no direct sign-in', (directSignIn) => {
    expect(signIn({ signInWith: { google: GOOGLE }, directSignIn })).toStrictEqual({
      signInWith: { google: GOOGLE },
      cognitoSignIn: true,
    });
  });

  test('directSignIn must name a configured provider', () => {
    expect(
      errorOf(() =>
        signIn({ signInWith: { google: GOOGLE, facebook: FACEBOOK }, directSignIn: 'amazon' })
      ).expected
    ).toBe('one of the providers in signInWith: "google", "facebook"');
    expect(errorOf(() => signIn({ directSignIn: 'google' })).expected).toBe(
      `one of "amazon", "google", "facebook", "oidc", configured in signInWith (e.g. ${EXAMPLE})`
    );
    expect(errorOf(() => signIn({ signInWith: { google: GOOGLE }, directSignIn: 1 })).setting).toBe(
      'directSignIn'
    );
  });

  test.each<[string, unknown, string, string]>([
    ['not JSON', '{google', 'signInWith', `a JSON object (e.g. ${EXAMPLE})`],
    ['a JSON list', '[]', 'signInWith', `a JSON object (e.g. ${EXAMPLE})`],
    ['JSON null', 'null', 'signInWith', `a JSON object (e.g. ${EXAMPLE})`],
    ['a number', 5, 'signInWith', `a JSON object (e.g. ${EXAMPLE})`],
    [
      'an empty object',
      {},
      'signInWith',
      `at least one of amazon, google, facebook, oidc (e.g. ${EXAMPLE})`,
    ],
    [
      'an unknown provider',
      { apple: GOOGLE },
      'signInWith',
      'providers among "amazon", "google", "facebook", "oidc" (received the unknown provider "apple")',
    ],
    [
      'two unknown providers',
      { apple: GOOGLE, github: GOOGLE },
      'signInWith',
      'providers among "amazon", "google", "facebook", "oidc" (received the unknown provider "apple", "github")',
    ],
    [
      'a field no provider takes',
      { google: { ...GOOGLE, scope: 'email' } },
      'signInWith.google.scope',
      'no such field: signInWith.google takes {"clientId", "clientSecretName"}',
    ],
    [
      'a provider that is a list',
      { google: [] },
      'signInWith.google',
      'an object with {"clientId", "clientSecretName"}',
    ],
    [
      'a provider that is null',
      { google: null },
      'signInWith.google',
      'an object with {"clientId", "clientSecretName"}',
    ],
    [
      'an oidc provider that is a string',
      { oidc: 'x' },
      'signInWith.oidc',
      'an object with {"name", "issuer", "clientId", "clientSecretName"}',
    ],
    [
      'a blank client ID',
      { google: { ...GOOGLE, clientId: ' ' } },
      'signInWith.google.clientId',
      'a string: signInWith.google needs {"clientId", "clientSecretName"}',
    ],
    [
      'no secret name',
      { facebook: { clientId: '12345' } },
      'signInWith.facebook.clientSecretName',
      'a string: signInWith.facebook needs {"clientId", "clientSecretName"}',
    ],
    [
      'an oidc provider without a name',
      { oidc: { ...OIDC, name: undefined } },
      'signInWith.oidc.name',
      'a string: signInWith.oidc needs {"name", "issuer", "clientId", "clientSecretName"}',
    ],
  ])('refuses %s', (_case, signInWith, setting, expected) => {
    const error = errorOf(() => signIn({ signInWith }));
    expect([error.setting, error.expected]).toStrictEqual([setting, expected]);
  });

  const AMAZON_ID_FORM =
    'the Client ID of a Login with Amazon security profile, "amzn1.application-oa2-client." followed by 32 lower-case hex digits';
  const GOOGLE_ID_FORM =
    'a Google OAuth client ID, "<digits>-<lower-case letters and digits>.apps.googleusercontent.com" (e.g. "1234567890-abc123def456.apps.googleusercontent.com"; Google Cloud console > APIs & Services > Credentials)';
  const FACEBOOK_ID_FORM =
    'a Facebook App ID, digits only (Meta for Developers > App settings > Basic)';
  test.each([
    ['amazon', 'amzn1.application-oa2-client.0123', AMAZON_ID_FORM],
    ['google', 'x1234-abc.apps.googleusercontent.com', GOOGLE_ID_FORM],
    // It does end in .apps.googleusercontent.com: the message must name the part that is wrong.
    ['google', 'x.apps.googleusercontent.com', GOOGLE_ID_FORM],
    ['google', '1234-abc.apps.googleusercontent.com.evil', GOOGLE_ID_FORM],
    ['google', '-abc.apps.googleusercontent.com', GOOGLE_ID_FORM],
    ['google', '1234-.apps.googleusercontent.com', GOOGLE_ID_FORM],
    ['google', '1234-abcXapps.googleusercontent.com', GOOGLE_ID_FORM],
    ['google', '1234-ABC.apps.googleusercontent.com', GOOGLE_ID_FORM],
    ['facebook', '1234', FACEBOOK_ID_FORM],
    ['facebook', '1'.repeat(21), FACEBOOK_ID_FORM],
    ['facebook', 'x12345', FACEBOOK_ID_FORM],
    ['facebook', '12345x', FACEBOOK_ID_FORM],
  ])('refuses the %s client ID %s', (provider, clientId, expected) => {
    const error = errorOf(() =>
      signIn({ signInWith: { [provider]: { clientId, clientSecretName: 'alexa/x' } } })
    );
    expect([error.setting, error.received, error.expected]).toStrictEqual([
      `signInWith.${provider}.clientId`,
      clientId,
      expected,
    ]);
  });

  test.each([
    ['facebook', '1'.repeat(20)],
    ['google', '1-a.apps.googleusercontent.com'],
  ])('accepts the %s client ID %s', (provider, clientId) => {
    expect(
      signIn({ signInWith: { [provider]: { clientId, clientSecretName: 'alexa/x' } } }).signInWith
    ).toStrictEqual({ [provider]: { clientId, clientSecretName: 'alexa/x' } });
  });

  test('a secret name is checked as one', () => {
    const error = errorOf(() =>
      signIn({ signInWith: { google: { ...GOOGLE, clientSecretName: 'a b' } } })
    );
    expect(error.setting).toBe('signInWith.google.clientSecretName');
  });

  const NAME_FORM =
    'the name shown on the sign-in button, 3 to 32 characters without spaces or underscores at either end, and not a name Cognito reserves (e.g. "Auth0")';
  test.each(['Abc', 'A'.repeat(32), 'My-IdP', 'a_b', 'Ünï'])('accepts the oidc name %j', (name) => {
    expect(signIn({ signInWith: { oidc: { ...OIDC, name } } }).signInWith?.oidc?.name).toBe(name);
  });
  test.each([
    'Ab',
    'A'.repeat(33),
    '_Auth0',
    'Auth0_',
    'Cognito',
    'LoginWithAmazon',
    'Google',
    'FACEBOOK',
    'SignInWithApple',
    'A\u00a0b\u00a0',
  ])('refuses the oidc name %j', (name) => {
    const error = errorOf(() => signIn({ signInWith: { oidc: { ...OIDC, name } } }));
    expect([error.setting, error.expected]).toStrictEqual(['signInWith.oidc.name', NAME_FORM]);
  });

  test('refuses an oidc issuer that is not https', () => {
    const error = errorOf(() =>
      signIn({ signInWith: { oidc: { ...OIDC, issuer: 'http://tenant.eu.auth0.com/' } } })
    );
    expect(error.message).toBe(
      'Invalid signInWith.oidc.issuer: received "http://tenant.eu.auth0.com/". Expected the issuer as an https:// URL (e.g. "https://tenant.eu.auth0.com/").'
    );
  });
});

describe('readSkillTypeSettings', () => {
  const skill = (context: Record<string, unknown>) => readSkillTypeSettings((key) => context[key]);
  const SECRET_FORM =
    'the name or ARN of a Secrets Manager secret holding {"clientId", "clientSecret"} from the skill\'s Permissions page (e.g. "alexa/events-credentials")';

  test.each([
    [{}, { skillType: 'custom' }],
    [{ skillType: null, alexaEventsSecretName: null }, { skillType: 'custom' }],
    [{ skillType: '', alexaEventsSecretName: '' }, { skillType: 'custom' }],
    [{ skillType: 'custom' }, { skillType: 'custom' }],
    [{ skillType: 'smart-home' }, { skillType: 'smart-home' }],
    [
      { skillType: 'smart-home', alexaEventsSecretName: 's'.repeat(512) },
      { skillType: 'smart-home', alexaEventsSecretName: 's'.repeat(512) },
    ],
  ])('%j', (context, expected) => {
    expect(skill(context)).toStrictEqual(expected);
  });

  test.each(['smart_home', 'Custom', 7])('refuses skillType %j', (skillType) => {
    const error = errorOf(() => skill({ skillType }));
    expect([error.setting, error.expected]).toStrictEqual([
      'skillType',
      'one of "custom", "smart-home" (e.g. -c skillType=smart-home)',
    ]);
  });

  test.each([
    's'.repeat(513),
    ' name',
    'name ',
    5,
    'arn:aws:secretsmanager:us-east-1:12345678901:secret:x',
    'arn:aws:secretsmanager:use-1:123456789012:secret:x',
    'xarn:aws:secretsmanager:us-east-1:123456789012:secret:x ',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:a b',
  ])('refuses the events secret %j', (alexaEventsSecretName) => {
    const error = errorOf(() => skill({ skillType: 'smart-home', alexaEventsSecretName }));
    expect([error.setting, error.expected]).toStrictEqual(['alexaEventsSecretName', SECRET_FORM]);
  });

  test('takes an events secret ARN', () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:alexa/events-AbCdEf';
    expect(skill({ skillType: 'smart-home', alexaEventsSecretName: arn })).toStrictEqual({
      skillType: 'smart-home',
      alexaEventsSecretName: arn,
    });
  });

  test.each([undefined, null, '', 'custom'])(
    'refuses an events secret for a custom skill (skillType %j)',
    (skillType) => {
      expect(
        errorOf(() => skill({ skillType, alexaEventsSecretName: 'alexa/events' })).message
      ).toBe(
        'Invalid alexaEventsSecretName: received "alexa/events". Expected no value unless skillType is "smart-home" (only a smart home skill receives AcceptGrant).'
      );
    }
  );

  test.each([
    ['us-east-1', true],
    ['eu-west-1', true],
    ['us-west-2', true],
    ['eu-central-1', false],
    ['toString', false],
  ])('isSmartHomeRegion(%s) is %s', (region, expected) => {
    expect(isSmartHomeRegion(region)).toBe(expected);
  });

  test('a smart home skill needs at least one scope', () => {
    expect(errorOf(() => assertSmartHomeScopes([])).message).toBe(
      'Invalid scopes: received "". Expected at least one scope: a smart home skill\'s account linking requires scopes (e.g. "openid,email,profile").'
    );
    expect(() => assertSmartHomeScopes(['openid'])).not.toThrow();
  });
});

describe('passwordMinLengthSetting', () => {
  test('the limits', () => {
    expect(PASSWORD_MIN_LENGTH).toStrictEqual({ default: 8, min: 8, max: 99 });
  });

  test.each<[unknown, number | undefined]>([
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    [8, 8],
    [99, 99],
    ['15', 15],
    [' 15 ', 15],
  ])('%j gives %j', (value, expected) => {
    expect(passwordMinLengthSetting(value)).toBe(expected);
  });

  test.each([7, 100, 8.5, '7', '100', '1e1', '15x', 'x15', '-9', true, [15]])(
    'refuses %j',
    (value) => {
      const error = errorOf(() => passwordMinLengthSetting(value));
      expect([error.setting, error.received, error.expected]).toStrictEqual([
        'passwordMinLength',
        value,
        'a whole number from 8 to 99 (e.g. 15, which NIST SP 800-63B-4 asks for when the password is the only factor)',
      ]);
    }
  );
});

describe('every problem at once', () => {
  const linesOf = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      return (error as InvalidSettingsError).errors.map((e) => e.message);
    }
    throw new Error('expected an InvalidSettingsError');
  };

  test('each provider and field of signInWith, with cognitoSignIn and directSignIn', () => {
    expect(
      linesOf(() =>
        signIn({
          signInWith: {
            google: { clientId: 'x.apps.googleusercontent.com', clientSecretName: '' },
            facebook: { clientId: 'abc', clientSecretName: 'alexa/fb', clientSecret: 'hunter2' },
            apple: {},
          },
          cognitoSignIn: 'no',
          directSignIn: 'amazon',
        })
      )
    ).toStrictEqual([
      'Invalid signInWith: received ["google","facebook","apple"] (a list). Expected providers among "amazon", "google", "facebook", "oidc" (received the unknown provider "apple").',
      'Invalid signInWith.google.clientId: received "x.apps.googleusercontent.com". Expected a Google OAuth client ID, "<digits>-<lower-case letters and digits>.apps.googleusercontent.com" (e.g. "1234567890-abc123def456.apps.googleusercontent.com"; Google Cloud console > APIs & Services > Credentials).',
      'Invalid signInWith.google.clientSecretName: received "". Expected a string: signInWith.google needs {"clientId", "clientSecretName"}.',
      'Invalid signInWith.facebook.clientSecret: received "(value withheld)". Expected no such field: signInWith.facebook takes {"clientId", "clientSecretName"}, and the secret itself belongs in Secrets Manager, named by clientSecretName.',
      'Invalid signInWith.facebook.clientId: received "abc". Expected a Facebook App ID, digits only (Meta for Developers > App settings > Basic).',
      'Invalid cognitoSignIn: received "no". Expected true or false.',
      'Invalid directSignIn: received "amazon". Expected one of "amazon", "google", "facebook", "oidc", configured in signInWith (e.g. {"google": {"clientId": "1234-abc.apps.googleusercontent.com", "clientSecretName": "alexa/google"}}).',
    ]);
  });

  test('an oidc provider names its name, issuer and secret together', () => {
    expect(
      linesOf(() =>
        signIn({
          signInWith: {
            oidc: { name: 'x', issuer: 'http://id', clientId: 'c', clientSecretName: 'a b' },
          },
        })
      ).map((line) => line.split(':')[0])
    ).toStrictEqual([
      'Invalid signInWith.oidc.clientSecretName',
      'Invalid signInWith.oidc.name',
      'Invalid signInWith.oidc.issuer',
    ]);
  });

  test('skillType and alexaEventsSecretName together', () => {
    expect(
      linesOf(() =>
        readSkillTypeSettings(
          (key) => ({ skillType: 'smarthome', alexaEventsSecretName: 'bad name' })[key]
        )
      ).map((line) => line.split(':')[0])
    ).toStrictEqual(['Invalid skillType', 'Invalid alexaEventsSecretName']);
  });

  test('a refused skillType is not reported again through alexaEventsSecretName', () => {
    expect(
      errorOf(() =>
        readSkillTypeSettings(
          (key) => ({ skillType: 'smarthome', alexaEventsSecretName: 'alexa/events' })[key]
        )
      ).setting
    ).toBe('skillType');
  });
});
