import { EXAMPLE_VALUES, readAppSettings } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { SKILL_ID, TEST_CONTEXT, settingsFrom } from '../support/infra';

describe('readAppSettings', () => {
  test('applies the documented defaults', () => {
    const settings = settingsFrom();
    expect(settings).toEqual({
      alexaVendorId: 'M2TESTVENDOR42',
      skillId: SKILL_ID,
      domainPrefix: 'acme-alexa-sign-in',
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
      // No alarmEmail; the skill function in the stack's region only.
      skillRegions: [],
      exampleValuesInUse: [],
      linkingServer: { kind: 'cognito' },
      signIn: { signInWith: undefined, cognitoSignIn: true },
      ignoredKeys: [],
    });
  });

  test('reads lists from -c strings and from cdk.json arrays alike', () => {
    const fromCli = settingsFrom({
      scopes: 'openid, email,phone',
      extraCallbackUrls: 'https://a.example.com/cb,https://b.example.com/cb',
    });
    const fromJson = settingsFrom({
      scopes: ['openid', 'email', 'phone'],
      extraCallbackUrls: ['https://a.example.com/cb', 'https://b.example.com/cb'],
    });
    expect(fromCli.scopes).toEqual(['openid', 'email', 'phone']);
    expect(fromCli).toEqual(fromJson);
  });

  test('reads booleans from -c strings and from cdk.json booleans alike', () => {
    expect(settingsFrom({ retainUserPool: 'false' }).retainUserPool).toBe(false);
    expect(settingsFrom({ retainUserPool: false }).retainUserPool).toBe(false);
    expect(settingsFrom({ deletionProtection: 'true' }).deletionProtection).toBe(true);
  });

  test('names the example values still in use', () => {
    const settings = readAppSettings((key) => ({ ...EXAMPLE_VALUES, stage: 'dev' })[key]);
    expect(settings.exampleValuesInUse).toEqual(['alexaVendorId', 'skillId', 'domainPrefix']);
  });

  test('a custom domain replaces the prefix domain', () => {
    const settings = settingsFrom({
      customDomain: 'login.example.com',
      customDomainCertificateArn:
        'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    });
    expect(settings.domainPrefix).toBeUndefined();
    expect(settings.customDomain?.domainName).toBe('login.example.com');
  });

  test.each([
    [
      'alexaVendorId is missing',
      { alexaVendorId: undefined },
      /Invalid alexaVendorId: received nothing \(the setting is missing\)\. Expected the Alexa developer vendor ID/,
    ],
    ['skillId is missing', { skillId: '' }, /Invalid skillId: received .*Expected the skill ID/],
    [
      'skillId is not a skill ID',
      { skillId: 'amzn1.ask.skill.xyz' },
      /Invalid skillId: received "amzn1\.ask\.skill\.xyz"\. Expected the skill ID from the Alexa developer console/,
    ],
    ['skillId has upper case', { skillId: SKILL_ID.toUpperCase() }, /Invalid skillId/],
    [
      'scopes hold an unknown scope',
      { scopes: 'openid,admin' },
      /Invalid scopes: received "openid,admin"/,
    ],
    [
      'scopes is a number',
      { scopes: 3 },
      /Invalid scopes: received 3 \(number\)\. Expected a comma-separated string or a JSON list of strings/,
    ],
    [
      'stage has upper case',
      { stage: 'Prod' },
      /Invalid stage: received "Prod"\. Expected 1 to 20 characters/,
    ],
    [
      'retainUserPool is not a boolean',
      { retainUserPool: 'yes' },
      /Invalid retainUserPool: received "yes"\. Expected true or false/,
    ],
    [
      'mfa is unknown',
      { mfa: 'sms' },
      /Invalid mfa: received "sms"\. Expected one of "off", "optional", "required"/,
    ],
    [
      'featurePlan is unknown',
      { featurePlan: 'lite' },
      /Invalid featurePlan: received "lite"\. Expected one of "essentials", "plus"/,
    ],
    [
      'loginUi is unknown',
      { loginUi: 'hosted' },
      /Invalid loginUi: received "hosted"\. Expected one of "managed", "classic"/,
    ],
    [
      'customDomain has no certificate',
      { customDomain: 'login.example.com' },
      /Invalid customDomainCertificateArn: received nothing .*us-east-1 covering customDomain "login\.example\.com"/,
    ],
    [
      'the certificate is outside us-east-1',
      {
        customDomain: 'login.example.com',
        customDomainCertificateArn:
          'arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      },
      /Invalid customDomainCertificateArn: received "arn:aws:acm:eu-west-1:.*Expected an ACM certificate ARN in us-east-1/,
    ],
    [
      'a certificate comes without a customDomain',
      {
        customDomainCertificateArn:
          'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      },
      /Invalid customDomain: received nothing .*Expected the custom sign-in host name/,
    ],
  ])('fails when %s', (_case, overrides, message) => {
    expect.assertions(2);
    const context: Record<string, unknown> = { ...TEST_CONTEXT, ...overrides };
    try {
      readAppSettings((key) => context[key]);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
