import { JwtBaseError, ParameterValidationError } from 'aws-jwt-verify/error';
import {
  classifyVerificationError,
  createAccessTokenVerifier,
} from '../../lambda/verifiers/cognito/access-token-verifier';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  hs256WithPublicKey,
  idTokenClaims,
  jwksOf,
  signRs256,
  unsignedToken,
  withTamperedPayload,
} from '../support/jwt';
import { startSkillHarness } from '../support/skill-harness';

const key = generateTestKey('key-1');
const now = () => Math.floor(Date.now() / 1000);
const valid = signRs256(key, accessTokenClaims());

function preloadedVerifier() {
  // No fetcher can be reached: the test process forbids non-loopback connections.
  const verifier = createAccessTokenVerifier({
    userPoolId: USER_POOL_ID,
    userPoolClientId: CLIENT_ID,
  });
  verifier.cacheJwks(jwksOf(key));
  return verifier;
}

describe('createAccessTokenVerifier', () => {
  test('verifies a Cognito access token for the Alexa client', async () => {
    const result = await preloadedVerifier().verify(valid);
    expect(result).toEqual({
      outcome: 'verified',
      claims: expect.objectContaining({
        sub: '5f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f',
        token_use: 'access',
        client_id: CLIENT_ID,
      }),
    });
  });

  test.each([
    ['expired', 'expired', signRs256(key, accessTokenClaims({ exp: now() - 10 }))],
    ['not yet valid', 'not-yet-valid', signRs256(key, accessTokenClaims({ nbf: now() + 600 }))],
    [
      'for another client',
      'wrong-client',
      signRs256(key, accessTokenClaims({ client_id: 'other' })),
    ],
    ['an ID token', 'wrong-token-use', signRs256(key, idTokenClaims())],
    [
      'from another pool',
      'wrong-issuer',
      signRs256(
        key,
        accessTokenClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })
      ),
    ],
    ['without an issuer', 'wrong-issuer', signRs256(key, accessTokenClaims({ iss: undefined }))],
    [
      'tampered',
      'bad-signature',
      withTamperedPayload(valid, accessTokenClaims({ username: 'admin' })),
    ],
    ['alg none without a signature', 'malformed', unsignedToken('key-1', accessTokenClaims())],
    [
      'alg none with a signature',
      'bad-signature',
      `${unsignedToken('key-1', accessTokenClaims())}c2lnbmF0dXJl`,
    ],
    ['HS256 with the public key', 'bad-signature', hs256WithPublicKey(key, accessTokenClaims())],
    [
      'signed by a foreign key with the same kid',
      'bad-signature',
      signRs256(generateTestKey('key-1'), accessTokenClaims()),
    ],
    ['without a kid', 'malformed', signRs256(key, accessTokenClaims(), { kid: undefined })],
    ['not JSON inside', 'malformed', 'eyJub3Q.anNvbg.c2ln'],
    ['with exp as a string', 'malformed', signRs256(key, accessTokenClaims({ exp: 'tomorrow' }))],
  ])('rejects a token %s as %s', async (_case, reason, token) => {
    expect(await preloadedVerifier().verify(token)).toEqual({ outcome: 'rejected', reason });
  });

  test('an unknown kid is unavailable (unknown-key), never rejected, after asking the key set once', async () => {
    const harness = await startSkillHarness({ keys: [key] });
    try {
      const token = signRs256(generateTestKey('key-unknown'), accessTokenClaims());
      expect(await harness.verifier.verify(token)).toEqual({
        outcome: 'unavailable',
        reason: 'unknown-key',
      });
      // A second try inside the refetch limit's interval does not fetch again.
      expect(await harness.verifier.verify(token)).toEqual({
        outcome: 'unavailable',
        reason: 'unknown-key',
      });
      expect(harness.jwksServer.hits).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });
});

describe('classifyVerificationError', () => {
  test('rethrows what it does not recognise rather than calling the token invalid', () => {
    expect.assertions(3);
    const bug = new TypeError('cannot read properties of undefined');
    expect(() => classifyVerificationError(bug)).toThrow(bug);
    const misconfigured = new ParameterValidationError(
      'tokenUse must be provided or set to null explicitly'
    );
    expect(() => classifyVerificationError(misconfigured)).toThrow(misconfigured);
    class FutureJwtError extends JwtBaseError {}
    expect(() => classifyVerificationError(new FutureJwtError('new in a later version'))).toThrow(
      'new in a later version'
    );
  });
});
