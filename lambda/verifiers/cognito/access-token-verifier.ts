import { CognitoJwtVerifier } from 'aws-jwt-verify';
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
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import type { TokenVerification } from '../../core/linking-decision';
import { createJwksFetcher } from './jwks-fetcher';

export interface AccessTokenVerifier {
  verify(token: string): Promise<TokenVerification>;
  /** Loads a key set without fetching it (tests, or a key set bundled ahead of time). */
  cacheJwks(jwks: Jwks): void;
}

export interface AccessTokenVerifierOptions {
  /** @default the production fetcher: short timeouts and a cooldown after a failure */
  readonly fetcher?: Fetcher;
}

/**
 * Verifies Cognito access tokens for one app client. Build it once per container: the key set is
 * fetched on first use and then served from memory, so a warm request makes no network call.
 */
export function createAccessTokenVerifier(
  settings: { readonly userPoolId: string; readonly userPoolClientId: string },
  options: AccessTokenVerifierOptions = {}
): AccessTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: settings.userPoolId, tokenUse: 'access', clientId: settings.userPoolClientId },
    { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher ?? createJwksFetcher() }) }
  );
  return {
    async verify(token) {
      try {
        return { outcome: 'verified', claims: await verifier.verify(token) };
      } catch (error) {
        return classifyVerificationError(error);
      }
    },
    cacheJwks(jwks) {
      verifier.cacheJwks(jwks);
    },
  };
}

/**
 * Maps aws-jwt-verify's errors to a verification outcome. Anything it does not recognise (a bug,
 * a misconfiguration) is rethrown, never reported as a bad token.
 */
export function classifyVerificationError(error: unknown): TokenVerification {
  const rejected = (reason: Extract<TokenVerification, { outcome: 'rejected' }>['reason']) =>
    ({ outcome: 'rejected', reason }) as const;

  // The key set could not be had (network, status, garbage): the token may well be fine.
  if (error instanceof FetchError || error instanceof JwksValidationError)
    return { outcome: 'unavailable' };
  if (error instanceof JwtExpiredError) return rejected('expired');
  if (error instanceof JwtNotBeforeError) return rejected('not-yet-valid');
  if (error instanceof CognitoJwtInvalidClientIdError) return rejected('wrong-client');
  if (error instanceof CognitoJwtInvalidTokenUseError) return rejected('wrong-token-use');
  if (error instanceof JwtInvalidIssuerError || isUnknownIssuerError(error))
    return rejected('wrong-issuer');
  if (
    error instanceof JwtInvalidSignatureError ||
    error instanceof JwtInvalidSignatureAlgorithmError
  ) {
    return rejected('bad-signature');
  }
  if (
    error instanceof KidNotFoundInJwksError ||
    error instanceof WaitPeriodNotYetEndedJwkError ||
    error instanceof JwkValidationError ||
    error instanceof JwkInvalidUseError ||
    error instanceof JwkInvalidKtyError
  ) {
    return rejected('unknown-key');
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
