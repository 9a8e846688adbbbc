import { EXAMPLE_VALUES, readAppSettings } from '../../lib/app-settings/app-settings';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KNOWN_SETTING_KEYS } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  InvalidSettingsError,
  UnknownSettingError,
} from '../../lib/app-settings/invalid-settings-error';
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
      recordTokenExchanges: false,
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

  test.each([
    [
      'an optional key is set to an empty value',
      { smapiCredentialsSecret: '' },
      /Invalid smapiCredentialsSecret: received "". Expected a value: an empty one is refused/,
    ],
    [
      'a list has a blank entry',
      { scopes: 'openid,  ,email' },
      /Invalid scopes: received "openid, {2},email". Expected a list without blank entries/,
    ],
    [
      'a callback URL has a fragment',
      { extraCallbackUrls: 'https://app.example.com/cb#done' },
      /Invalid extraCallbackUrls: received "https:\/\/app\.example\.com\/cb#done". Expected URLs without a #fragment/,
    ],
    [
      'callback URLs are separated by spaces',
      { extraCallbackUrls: 'https://a.example.com/cb https://b.example.com/cb' },
      /Invalid extraCallbackUrls: .*Expected URLs separated by commas, not spaces/,
    ],
    [
      "the vendor ID is the README's placeholder",
      { alexaVendorId: 'M2...' },
      /Invalid alexaVendorId: received "M2\.\.\.". .*the README's line holds placeholders/,
    ],
    [
      "the skill ID is the README's placeholder",
      { skillId: 'amzn1.ask.skill....' },
      /Invalid skillId: received "amzn1\.ask\.skill\.\.\.\.". .*the README's line holds placeholders/,
    ],
    [
      'the vendor ID is not a vendor ID',
      { alexaVendorId: 'm2-lower' },
      /Invalid alexaVendorId: received "m2-lower". Expected 6 to 32 upper-case letters and digits/,
    ],
    [
      'the domain prefix is reserved',
      { domainPrefix: 'my-cognito-login' },
      /Invalid domainPrefix: received "my-cognito-login"/,
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

  test.each([
    ['alexaVendorID', 'alexaVendorId'],
    ['retainUserpool', 'retainUserPool'],
    ['scope', 'scopes'],
    ['skilId', 'skillId'],
  ])('fails when the key %s is set: did you mean %s?', (key, known) => {
    const context: Record<string, unknown> = { ...TEST_CONTEXT, [key]: 'x' };
    expect(() => readAppSettings((k) => context[k], Object.keys(context))).toThrow(
      new UnknownSettingError(key, 'x', known)
    );
    expect(new UnknownSettingError(key, 'x', known).message).toBe(
      `Unknown setting '${key}', did you mean '${known}'? (received "x")`
    );
  });

  test("leaves CDK's own flags, other tools' keys and unrelated names alone", () => {
    const context: Record<string, unknown> = {
      ...TEST_CONTEXT,
      '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
      'aws:cdk:bundling-stacks': [],
      'acknowledged-issue-numbers': [1],
      myOwnFeature: 'on',
    };
    expect(() => readAppSettings((k) => context[k], Object.keys(context))).not.toThrow();
  });

  test('the known keys are one list, holding every key this module reads', () => {
    const read: string[] = [];
    readAppSettings((key) => {
      read.push(key);
      return TEST_CONTEXT[key];
    });
    expect(KNOWN_SETTING_KEYS).toEqual(expect.arrayContaining([...new Set(read)]));
  });

  test('reports every invalid setting at once, one line each', () => {
    expect.assertions(2);
    const context: Record<string, unknown> = {
      ...TEST_CONTEXT,
      skillId: 'amzn1.ask.skill.xyz',
      stage: 'Prod',
      mfa: 'sms',
      smapiCredentialsSecret: '',
    };
    try {
      readAppSettings((key) => context[key]);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      expect((error as Error).message.split('\n')).toEqual([
        expect.stringMatching(/^Invalid skillId: received "amzn1\.ask\.skill\.xyz"\./),
        expect.stringMatching(/^Invalid stage: received "Prod"\./),
        expect.stringMatching(/^Invalid mfa: received "sms"\./),
        expect.stringMatching(/^Invalid smapiCredentialsSecret: received ""\./),
      ]);
    }
  });
});

describe('bin/app.ts with invalid settings', () => {
  test('prints every invalid setting on its own line, no stack trace, and exits with 1', () => {
    // GIVEN the context the CDK CLI hands the app (cdk.json merged with -c options)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-app-'));
    const context = {
      alexaVendorId: 'M2...',
      skillId: 'amzn1.ask.skill....',
      domainPrefix: 'acme-alexa-sign-in',
      scope: 'openid',
      '@aws-cdk/core:checkSecretUsage': true,
    };
    try {
      // WHEN the app runs as `cdk synth` runs it
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, '..', '..', 'bin', 'app.ts')],
        {
          env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
          encoding: 'utf8',
        }
      );
      // THEN
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        "Unknown setting 'scope', did you mean 'scopes'? (received \"openid\")",
        expect.stringMatching(/^Invalid alexaVendorId: received "M2\.\.\.". .*placeholders/),
        expect.stringMatching(
          /^Invalid skillId: received "amzn1\.ask\.skill\.\.\.\.". .*placeholders/
        ),
      ]);
      expect(result.stderr).not.toMatch(/\n\s+at |Node\.js v/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
