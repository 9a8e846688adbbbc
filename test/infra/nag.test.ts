import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { LWA_CONTEXT, OIDC_CONTEXT, SIGN_IN_WITH, newApp, settingsFrom } from '../support/infra';
import { acknowledgements, synthWithNag } from '../support/nag';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
}

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['the defaults', {}],
    ['required MFA on the Plus plan', { mfa: 'required', featurePlan: 'plus' }],
    [
      'automatic mode (smapiCredentialsSecret)',
      { smapiCredentialsSecret: 'alexa/smapi-credentials' },
    ],
    ['a smart home skill', { skillType: 'smart-home' }],
    [
      'a smart home skill with events credentials',
      { skillType: 'smart-home', alexaEventsSecretName: 'alexa/events-credentials' },
    ],
    [
      'a custom domain and the classic UI',
      {
        domainPrefix: undefined,
        customDomain: 'login.example.com',
        customDomainCertificateArn:
          'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
        loginUi: 'classic',
      },
    ],
    ['linkingServer=login-with-amazon', { ...LWA_CONTEXT, domainPrefix: undefined }],
    ['linkingServer=oidc', { ...OIDC_CONTEXT, domainPrefix: undefined }],
    ['every sign-in provider in signInWith', { signInWith: SIGN_IN_WITH, directSignIn: 'oidc' }],
    [
      'app-to-app linking from your app (appToAppLinking)',
      {
        appToAppLinking: true,
        appToAppLinkingSecret: 'alexa/app-to-app-client',
        appRedirectUrls: 'https://app.example.com/alexa/linked',
      },
    ],
    [
      'app-to-app linking with linkingServer=oidc',
      {
        ...OIDC_CONTEXT,
        domainPrefix: undefined,
        appToAppLinking: true,
        appToAppLinkingSecret: 'alexa/app-to-app-client',
        appRedirectUrls: 'https://app.example.com/alexa/linked',
      },
    ],
  ])('has no unacknowledged finding with %s', (_case, context) => {
    const app = newApp({ outdir: tempDir() });
    new AccountLinkingStack(app, 'AlexaAccountLinking-test', { settings: settingsFrom(context) });
    expect(synthWithNag(app)).toEqual([]);
  });

  test('acknowledges only what the configuration produces, on the user pool, with a concrete reason', () => {
    const defaults = newApp({ outdir: tempDir() });
    new AccountLinkingStack(defaults, 'AlexaAccountLinking-test', { settings: settingsFrom() });
    const acks = acknowledgements(defaults);
    expect(acks.map((a) => [a.path, a.id])).toEqual([
      ['AlexaAccountLinking-test/AccountLinking/UserPool', 'AwsSolutions-COG2'],
      ['AlexaAccountLinking-test/AccountLinking/UserPool', 'AwsSolutions-COG8'],
    ]);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(80);

    const strict = newApp({ outdir: tempDir() });
    new AccountLinkingStack(strict, 'AlexaAccountLinking-test', {
      settings: settingsFrom({ mfa: 'required', featurePlan: 'plus' }),
    });
    expect(acknowledgements(strict)).toEqual([]);
  });

  test('reports a finding that nobody acknowledged', () => {
    // The check must be able to fail: an unconfigured user pool breaks several rules.
    const app = newApp({ outdir: tempDir() });
    new UserPool(new Stack(app, 'Bare'), 'Pool');
    expect(synthWithNag(app).map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-COG1', 'AwsSolutions-COG2'])
    );
  });
});
