/** aws-jwt-verify's error classes, mapped to plain verification outcomes (shared by every JWT adapter). */
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FailedAssertionError,
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwkValidationError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  JwksNotAvailableInCacheError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { TokenVerification } from '../../core/linking-decision';

/**
 * Maps aws-jwt-verify's errors to a verification outcome. Anything it does not recognise (a bug,
 * a misconfiguration) is rethrown, never reported as a bad token.
 */
export function classifyVerificationError(error: unknown): TokenVerification {
  const rejected = (reason: Extract<TokenVerification, { outcome: 'rejected' }>['reason']) =>
    ({ outcome: 'rejected', reason }) as const;

  // The key set could not be had (network, status, garbage, a key in it malformed): the token
  // may well be fine.
  if (
    error instanceof FetchError ||
    error instanceof JwksValidationError ||
    error instanceof JwkValidationError ||
    // Only verifySync throws it (no key set cached yet); listed so it never reads as a bad token.
    error instanceof JwksNotAvailableInCacheError
  ) {
    return { outcome: 'unavailable', reason: 'key-set-unavailable' };
  }
  // The key set does not hold the token's key ID, after a refetch or while a refetch is refused
  // (the wait period of jwks-cache.ts). A state of the key set on our side, not proof of a bad
  // token: a server that has just rotated its key is answered "try again", never unlinked.
  if (error instanceof KidNotFoundInJwksError || error instanceof WaitPeriodNotYetEndedJwkError) {
    return { outcome: 'unavailable', reason: 'unknown-key' };
  }
  if (error instanceof JwtExpiredError) return rejected('expired');
  if (error instanceof JwtNotBeforeError) return rejected('not-yet-valid');
  // Cognito's client_id check and the generic verifier's audience check: a token for another client.
  if (error instanceof CognitoJwtInvalidClientIdError || error instanceof JwtInvalidAudienceError)
    return rejected('wrong-client');
  if (error instanceof CognitoJwtInvalidTokenUseError) return rejected('wrong-token-use');
  if (error instanceof JwtInvalidIssuerError || isUnknownIssuerError(error))
    return rejected('wrong-issuer');
  if (
    error instanceof JwtInvalidSignatureError ||
    error instanceof JwtInvalidSignatureAlgorithmError ||
    // The key the token names is published for something else than signing (encryption, another
    // key type): no signature made with it can be trusted.
    error instanceof JwkInvalidUseError ||
    error instanceof JwkInvalidKtyError
  ) {
    return rejected('bad-signature');
  }
  if (
    error instanceof JwtParseError ||
    error instanceof JwtWithoutValidKidError ||
    // Remaining assertion failures are claims or header fields of the wrong type or missing.
    error instanceof FailedAssertionError
  ) {
    return rejected('malformed');
  }
  throw error;
}

/**
 * CognitoJwtVerifier looks the token's `iss` up among its configured issuers and reports a miss as
 * a ParameterValidationError; the same class also means a misconfigured verifier, so only these
 * two messages count as a bad token.
 */
function isUnknownIssuerError(error: unknown): boolean {
  return (
    error instanceof ParameterValidationError &&
    /^issuer (not configured|must be provided)/.test(error.message)
  );
}
