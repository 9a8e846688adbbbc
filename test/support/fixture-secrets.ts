/**
 * Secrets the tests hand to stand-in services. The cdk.out scan checks that none of them, nor
 * anything shaped like a secret, ever reaches a template, asset or manifest.
 */
export const E2E_CLIENT_SECRET = 'e2e-fixture-secret-3f9c1d7a52b84e6f9a0c';

/** Login with Amazon credentials the Skill Management API stand-in accepts. */
export const LWA_FIXTURE = {
  clientId: 'amzn1.application-oa2-client.fixture0123456789',
  clientSecret: 'lwa-fixture-client-secret-8e2d4c6b1a3f5e7d9c0b',
  refreshToken: 'Atzr|lwa-fixture-refresh-token-5a7c9e1b3d5f7a9c',
} as const;
export const SMAPI_FIXTURE_ACCESS_TOKEN = 'Atza|smapi-fixture-access-token-2b4d6f8a0c2e4a6c';
/** The Alexa app client's secret as Cognito's DescribeUserPoolClient returns it in the tests. */
export const COGNITO_FIXTURE_CLIENT_SECRET =
  'cognito-fixture-client-secret-1c3e5a7c9e1b3d5f7a9c0e2a4c6e';

export const FIXTURE_SECRETS: readonly string[] = [
  E2E_CLIENT_SECRET,
  LWA_FIXTURE.clientSecret,
  LWA_FIXTURE.refreshToken,
  SMAPI_FIXTURE_ACCESS_TOKEN,
  COGNITO_FIXTURE_CLIENT_SECRET,
];
