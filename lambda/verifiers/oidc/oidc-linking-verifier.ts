/**
 * Any OpenID Connect server (Auth0, Okta, Keycloak...) as the linking server: its JWT access
 * tokens verified with aws-jwt-verify's generic JwtVerifier (issuer byte for byte, audience, the
 * server's key set), built once per container so the key set is fetched once and then reused;
 * then access-token-claims.ts refuses what is not a user's access token for the Alexa client.
 */
import type { Fetcher } from 'aws-jwt-verify/https';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { MAX_ACCESS_TOKEN_LENGTH, decideLinking } from '../../core/linking-decision';
import type { OidcLinkingConfig } from '../../core/skill-config';
import type { LinkingVerifier } from '../linking-verifier';
import { createJwksCache } from '../shared/jwks-cache';
import { createJwksFetcher } from '../shared/jwks-fetcher';
import { classifyVerificationError } from '../shared/jwt-errors';
import { oidcAccessTokenProblem } from './access-token-claims';
import { createUserInfoClient } from '../shared/user-info-client';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface OidcLinkingVerifierOptions {
  /** The key-set fetcher. @default the production fetcher: short timeouts and a cooldown after a failure */
  readonly fetcher?: Fetcher;
  /** The clock of the refetch limit for unknown key IDs (tests). @default Date.now */
  readonly now?: () => number;
  /** Told what went wrong, never with the token. */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

export interface OidcLinkingVerifier extends LinkingVerifier {
  /** Loads a key set without fetching it (tests). */
  cacheJwks(jwks: Jwks): void;
}

export function createOidcLinkingVerifier(
  config: Omit<OidcLinkingConfig, 'linkingServer'>,
  options: OidcLinkingVerifierOptions = {}
): OidcLinkingVerifier {
  const warn = options.warn ?? (() => undefined);
  const verifier = JwtVerifier.create(
    // The issuer exactly as configured: `iss` must match it byte for byte (Auth0's ends in '/').
    { issuer: config.oidcIssuer, audience: config.oidcAudience, jwksUri: config.oidcJwksUrl },
    {
      jwksCache: createJwksCache({
        fetcher: options.fetcher ?? createJwksFetcher(),
        now: options.now,
      }),
    }
  );
  const userInfo =
    config.oidcUserInfoUrl === undefined
      ? undefined
      : createUserInfoClient({
          userInfoUrl: config.oidcUserInfoUrl,
          onFailure: (reason) => warn('no user profile', { reason }),
        });

  return {
    async decide(accessToken) {
      if (typeof accessToken !== 'string' || accessToken.trim() === '') return { kind: 'unlinked' };
      if (accessToken.length > MAX_ACCESS_TOKEN_LENGTH)
        return { kind: 'invalid', reason: 'malformed' };
      if (!JWT_SHAPE.test(accessToken)) {
        // Auth0 and others issue opaque access tokens when no API audience is requested.
        warn('opaque access token refused', {
          hint: 'the server issued an access token that is not a JWT: configure an API audience (oidcAudience) so that it issues JWT access tokens for it',
        });
        return { kind: 'invalid', reason: 'malformed' };
      }
      let claims: Readonly<Record<string, unknown>>;
      try {
        claims = await verifier.verify(accessToken);
      } catch (error) {
        return decideLinking(classifyVerificationError(error));
      }
      const problem = oidcAccessTokenProblem(claims, [
        config.oidcClientId,
        ...(config.stageClientIds ?? []),
      ]);
      return decideLinking(
        problem === undefined
          ? { outcome: 'verified', claims }
          : { outcome: 'rejected', reason: problem }
      );
    },
    async profileOf(user, accessToken) {
      return userInfo?.profileFor(user.userId, accessToken);
    },
    cacheJwks(jwks) {
      verifier.cacheJwks(jwks);
    },
  };
}
