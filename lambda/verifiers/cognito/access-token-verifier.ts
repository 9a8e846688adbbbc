import { CognitoJwtVerifier } from 'aws-jwt-verify/cognito-verifier';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { TokenVerification } from '../../core/linking-decision';
import { createJwksCache } from '../shared/jwks-cache';
import { createJwksFetcher } from '../shared/jwks-fetcher';
import { classifyVerificationError } from '../shared/jwt-errors';

export { classifyVerificationError };

export interface AccessTokenVerifier {
  verify(token: string): Promise<TokenVerification>;
  /** Loads a key set without fetching it (tests, or a key set bundled ahead of time). */
  cacheJwks(jwks: Jwks): void;
}

export interface AccessTokenVerifierOptions {
  /** @default the production fetcher: short timeouts and a cooldown after a failure */
  readonly fetcher?: Fetcher;
  /** The clock of the refetch limit for unknown key IDs (tests). @default Date.now */
  readonly now?: () => number;
}

/**
 * Verifies Cognito access tokens for the Alexa app client, and for the clients of skill stages
 * with their own (aws-jwt-verify takes a list: `client_id` must be one of them). Build it once
 * per container: the key set is fetched on first use and then served from memory, so a warm
 * request makes no network call.
 */
export function createAccessTokenVerifier(
  settings: {
    readonly userPoolId: string;
    readonly userPoolClientId: string;
    readonly stageClientIds?: readonly string[];
  },
  options: AccessTokenVerifierOptions = {}
): AccessTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    {
      userPoolId: settings.userPoolId,
      tokenUse: 'access',
      // A list of one checks as the one string does (aws-jwt-verify makes a string a list of one).
      clientId: [settings.userPoolClientId, ...(settings.stageClientIds ?? [])],
    },
    {
      jwksCache: createJwksCache({
        fetcher: options.fetcher ?? createJwksFetcher(),
        now: options.now,
      }),
    }
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
