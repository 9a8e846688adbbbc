import { EXAMPLE_VALUES, readAppSettings } from '../../lib/app-settings/app-settings';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KNOWN_SETTING_KEYS } from '../../lib/app-settings/app-settings';
import {
  CDK_CLI_KEYS,
  CDK_CONTEXT_PROVIDERS,
  isCdkContextKey,
} from '../../lib/app-settings/context-keys';
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
      // The development stage only, no optional account-linking field.
      skillStages: [{ stage: 'development', options: {} }],
      recordTokenExchanges: false,
      exampleValuesInUse: [],
      linkingServer: { kind: 'cognito' },
      signIn: { signInWith: undefined, cognitoSignIn: true },
      ignoredKeys: [],
      nag: true,
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
      domainPrefix: undefined,
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
      { domainPrefix: undefined, customDomain: 'login.example.com' },
      /Invalid customDomainCertificateArn: received nothing .*us-east-1 covering customDomain "login\.example\.com"/,
    ],
    [
      'the certificate is outside us-east-1',
      {
        domainPrefix: undefined,
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
      'the vendor ID is the placeholder the docs show',
      { alexaVendorId: 'M2...' },
      /Invalid alexaVendorId: received "M2\.\.\.". .*docs\/getting-started\.md names the placeholders refused/,
    ],
    [
      'the skill ID is the placeholder the docs show',
      { skillId: 'amzn1.ask.skill....' },
      /Invalid skillId: received "amzn1\.ask\.skill\.\.\.\.". .*docs\/getting-started\.md names the placeholders refused/,
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

  test("takes CDK's own flags and keys, and refuses any other unknown key", () => {
    const context: Record<string, unknown> = {
      ...TEST_CONTEXT,
      '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
      'aws:cdk:bundling-stacks': [],
      'acknowledged-issue-numbers': [1],
    };
    expect(() => readAppSettings((k) => context[k], Object.keys(context))).not.toThrow();
    const withOwn: Record<string, unknown> = { ...context, myOwnFeature: 'on' };
    expect(() => readAppSettings((k) => withOwn[k], Object.keys(withOwn))).toThrow(
      /^Invalid myOwnFeature: received "on"\. Expected no such key/
    );
  });

  test("the CDK keys are the installed CDK's: its context providers and the CLI's own keys", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ContextProvider } = require('aws-cdk-lib/cloud-assembly-schema') as {
      ContextProvider: Record<string, string>;
    };
    expect([...CDK_CONTEXT_PROVIDERS].sort()).toStrictEqual(Object.values(ContextProvider).sort());
    const cli = fs.readFileSync(
      path.join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'lib', 'index.js'),
      'utf8'
    );
    // The keys the CLI hands every app (contextFromSettings: cx-api constants and literals)...
    const handed = /function contextFromSettings\(settings\) \{([\s\S]*?)\n\}/.exec(cli)?.[1] ?? '';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cxapi = require('aws-cdk-lib/cx-api') as Record<string, string>;
    const fromSettings = [...handed.matchAll(/context\[(?:cxapi\d*\.(\w+)|"([^"]+)")\]/g)].map(
      (m) => (m[1] ? cxapi[m[1]] : m[2]) as string
    );
    // ...and the ones it sets in cdk.json itself (cdk acknowledge, cdk cli-telemetry, cdk validate).
    const written = [...cli.matchAll(/configuration\.context\.set\("([^"]+)"/g)].map(
      (m) => m[1] as string
    );
    expect(fromSettings).toEqual(
      expect.arrayContaining(['aws:cdk:enable-path-metadata', 'aws:cdk:bundling-stacks'])
    );
    expect(written).toEqual(expect.arrayContaining(['acknowledged-issue-numbers']));
    for (const key of [...fromSettings, ...written])
      expect([key, isCdkContextKey(key)]).toEqual([key, true]);
    for (const key of CDK_CLI_KEYS) expect(cli).toContain(`"${key}"`);
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

describe('the real cdk CLI with the shipped cdk.json', () => {
  const root = path.join(__dirname, '..', '..');
  const cdk = (outdir: string, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
        'synth',
        '--quiet',
        '-o',
        outdir,
        ...args,
      ],
      {
        cwd: root,
        // Offline: no credentials, no instance metadata to wait for.
        env: {
          ...process.env,
          AWS_EC2_METADATA_DISABLED: 'true',
          CDK_DISABLE_CLI_TELEMETRY: 'true',
        },
        encoding: 'utf8',
        timeout: 120_000,
      }
    );

  test('synthesizes: no key the CLI passes or writes is refused, and the deploy refusal is in the template', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cli-'));
    try {
      // GIVEN cdk.json as shipped, and the keys `cdk acknowledge` and `cdk cli-telemetry` write there
      // WHEN the CLI synthesizes, handing the app its own keys (path and asset metadata, ...)
      const result = cdk(
        outdir,
        '--no-validation',
        '-c',
        'nag=false',
        '-c',
        'acknowledged-issue-numbers=[34892]',
        '-c',
        'cli-telemetry=false'
      );
      // THEN
      expect(result.stderr).not.toMatch(/Invalid |Unknown setting/);
      expect(result.status).toBe(0);
      const template = JSON.parse(
        fs.readFileSync(path.join(outdir, 'AlexaAccountLinking-dev.template.json'), 'utf8')
      ) as { Rules: object; Resources: Record<string, { Metadata?: Record<string, unknown> }> };
      // The CLI did hand the app aws:cdk:enable-path-metadata, a key of its own.
      expect(Object.values(template.Resources)[0]?.Metadata).toHaveProperty(['aws:cdk:path']);
      expect(Object.keys(template.Rules)).toContain('ExampleValuesReplaced');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 150_000);

  test('refuses an unknown key at once, naming the setting meant', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cli-'));
    try {
      const result = cdk(outdir, '-c', 'linkServer=oidc', '-c', 'lwaClientSecret=s3cr3t');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        `Unknown setting 'linkServer', did you mean 'linkingServer'? (received "oidc")`
      );
      expect(result.stderr).toContain(
        `Unknown setting 'lwaClientSecret', did you mean 'lwaClientSecretName'? (received "(value withheld: it may be a secret)")`
      );
      expect(result.stderr + result.stdout).not.toContain('s3cr3t');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 150_000);
});
