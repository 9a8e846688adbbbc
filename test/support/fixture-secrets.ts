/**
 * Secrets the tests hand to stand-in services. The cdk.out scan checks that none of them, nor
 * anything shaped like a secret, ever reaches a template, asset or manifest.
 */
export const E2E_CLIENT_SECRET = 'e2e-fixture-secret-3f9c1d7a52b84e6f9a0c';

export const FIXTURE_SECRETS: readonly string[] = [E2E_CLIENT_SECRET];
