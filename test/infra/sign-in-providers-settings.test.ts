import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { readSignInSettings } from '../../lib/app-settings/sign-in-providers-settings';
import { SIGN_IN_WITH } from '../support/infra';

const fromContext = (context: Record<string, unknown>) => readSignInSettings((key) => context[key]);

describe('readSignInSettings', () => {
  test('defaults to email and password only', () => {
    expect(fromContext({})).toEqual({ signInWith: undefined, cognitoSignIn: true });
  });

  test('reads signInWith from a cdk.json object and from a -c JSON string alike', () => {
    const fromJson = fromContext({ signInWith: SIGN_IN_WITH, directSignIn: 'google' });
    const fromCli = fromContext({
      signInWith: JSON.stringify(SIGN_IN_WITH),
      directSignIn: 'google',
      cognitoSignIn: 'true',
    });
    expect(fromJson).toEqual(fromCli);
    expect(fromJson).toEqual({
      signInWith: SIGN_IN_WITH,
      cognitoSignIn: true,
      directSignIn: 'google',
    });
  });

  test('turns email and password off when providers remain', () => {
    expect(
      fromContext({ signInWith: { google: SIGN_IN_WITH.google }, cognitoSignIn: false })
    ).toMatchObject({ cognitoSignIn: false });
  });

  test('takes a secret ARN', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/google-Ab12Cd';
    expect(
      fromContext({ signInWith: { google: { ...SIGN_IN_WITH.google, clientSecretName: arn } } })
        .signInWith?.google?.clientSecretName
    ).toBe(arn);
  });

  test.each([
    [
      'signInWith is not JSON',
      { signInWith: '{google:' },
      /Invalid signInWith: received "\{google:"\. Expected a JSON object \(e\.g\. \{"google"/,
    ],
    [
      'signInWith is a list',
      { signInWith: ['google'] },
      /Invalid signInWith: received \["google"\] \(a list\)\. Expected a JSON object/,
    ],
    [
      'signInWith is empty',
      { signInWith: {} },
      /Invalid signInWith: .*Expected at least one of amazon, google, facebook, oidc/,
    ],
    [
      'signInWith names an unknown provider',
      { signInWith: { apple: { clientId: 'a', clientSecretName: 'b' } } },
      /Invalid signInWith: .*Expected providers among "amazon", "google", "facebook", "oidc" \(received the unknown provider "apple"\)/,
    ],
    [
      'a provider lacks clientSecretName',
      { signInWith: { google: { clientId: SIGN_IN_WITH.google.clientId } } },
      /Invalid signInWith\.google\.clientSecretName: received nothing .*Expected a string: signInWith\.google needs \{"clientId", "clientSecretName"\}/,
    ],
    [
      'a provider is not an object',
      { signInWith: { facebook: '1234567890' } },
      /Invalid signInWith\.facebook: received "1234567890"\. Expected an object with \{"clientId", "clientSecretName"\}/,
    ],
    [
      'the oidc provider lacks its issuer',
      { signInWith: { oidc: { ...SIGN_IN_WITH.oidc, issuer: undefined } } },
      /Invalid signInWith\.oidc\.issuer: received nothing .*signInWith\.oidc needs \{"name", "issuer", "clientId", "clientSecretName"\}/,
    ],
    [
      'the oidc issuer is http',
      { signInWith: { oidc: { ...SIGN_IN_WITH.oidc, issuer: 'http://acme.eu.auth0.com/' } } },
      /Invalid signInWith\.oidc\.issuer: received "http:\/\/acme\.eu\.auth0\.com\/"\. Expected the issuer as an https:\/\/ URL/,
    ],
    [
      'the oidc name is a name Cognito reserves',
      { signInWith: { oidc: { ...SIGN_IN_WITH.oidc, name: 'Google' } } },
      /Invalid signInWith\.oidc\.name: received "Google"\. Expected the name shown on the sign-in button/,
    ],
    [
      'the oidc name is too short',
      { signInWith: { oidc: { ...SIGN_IN_WITH.oidc, name: 'A0' } } },
      /Invalid signInWith\.oidc\.name: received "A0"/,
    ],
    [
      'the amazon client ID is malformed',
      {
        signInWith: {
          amazon: { ...SIGN_IN_WITH.amazon, clientId: 'amzn1.application-oa2-client.xyz' },
        },
      },
      /Invalid signInWith\.amazon\.clientId: received "amzn1\.application-oa2-client\.xyz"\. Expected the Client ID of a Login with Amazon security profile/,
    ],
    [
      'the google client ID is not a Google one',
      { signInWith: { google: { ...SIGN_IN_WITH.google, clientId: '1234567890' } } },
      /Invalid signInWith\.google\.clientId: received "1234567890"\. Expected a Google OAuth client ID, "<digits>-<lower-case letters and digits>\.apps\.googleusercontent\.com"/,
    ],
    [
      'the facebook app ID has letters',
      { signInWith: { facebook: { ...SIGN_IN_WITH.facebook, clientId: 'fb-app' } } },
      /Invalid signInWith\.facebook\.clientId: received "fb-app"\. Expected a Facebook App ID, digits only/,
    ],
    [
      'a client secret is an SSM SecureString',
      {
        signInWith: {
          google: { ...SIGN_IN_WITH.google, clientSecretName: 'ssm-secure:/alexa/google' },
        },
      },
      /Invalid signInWith\.google\.clientSecretName: received "ssm-secure:\/alexa\/google"\..*SSM parameters \(SecureString included\) are not supported/,
    ],
    [
      'a client secret is an ARN of another service',
      {
        signInWith: {
          facebook: {
            ...SIGN_IN_WITH.facebook,
            clientSecretName: 'arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d',
          },
        },
      },
      /Invalid signInWith\.facebook\.clientSecretName: .*an ARN must be a Secrets Manager secret ARN/,
    ],
    [
      'cognitoSignIn is false without providers',
      { cognitoSignIn: false },
      /Invalid cognitoSignIn: received false \(boolean\)\. Expected true, unless signInWith names at least one provider/,
    ],
    [
      'cognitoSignIn is not a boolean',
      { cognitoSignIn: 'no' },
      /Invalid cognitoSignIn: received "no"\. Expected true or false/,
    ],
    [
      'directSignIn names a provider not in signInWith',
      { signInWith: { google: SIGN_IN_WITH.google }, directSignIn: 'amazon' },
      /Invalid directSignIn: received "amazon"\. Expected one of the providers in signInWith: "google"/,
    ],
    [
      'directSignIn is set without signInWith',
      { directSignIn: 'google' },
      /Invalid directSignIn: received "google"\. Expected one of "amazon", "google", "facebook", "oidc", configured in signInWith/,
    ],
  ])('fails when %s', (_case, context, message) => {
    expect.assertions(2);
    try {
      fromContext(context);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
