/**
 * Whether a request's user has linked their account, decided from plain data. No SDK imports:
 * the verifier adapter turns aws-jwt-verify's outcome into a TokenVerification first.
 */

/** Why a token that was presented cannot be trusted. */
export type InvalidTokenReason =
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-client'
  | 'wrong-token-use'
  | 'wrong-issuer'
  | 'bad-signature'
  | 'malformed'
  /** A token a client got for itself (client credentials grant): no user is behind it. */
  | 'machine-to-machine'
  /** The server that issued the token says it is not valid (revoked, or unknown to it). */
  | 'refused-by-server';

/** Why a token could not be checked at all: the link itself may be fine. */
export type UnverifiableReason =
  /** The JWT key set could not be fetched, or held a key that cannot be used. */
  | 'key-set-unavailable'
  /**
   * The token names a key ID the key set does not hold (yet): a server that has just rotated, a
   * CDN serving the old key set, or a refetch refused for now. Never proof of a bad token, so never
   * a reason to unlink: the next refetch may well find the key.
   */
  | 'unknown-key'
  /** The server's token-info endpoint did not answer usably (timeout, 5xx, network, garbage). */
  | 'token-info-unavailable';

/** The linked user, from the verified access token (its claims, or the server's token info). */
export interface LinkedUser {
  /** The linking server's stable user ID (`sub`, or Login with Amazon's `user_id`). */
  readonly userId: string;
  /** A name for the user from the token (its `username` claim), else the user ID. */
  readonly username: string;
  /** The scopes the access token carries (none when the server does not say: Login with Amazon). */
  readonly scopes: readonly string[];
}

/**
 * Whether a request's user is linked: `linked` with the user; `unlinked` (no token); `invalid` (a
 * token the server refuses: send the LinkAccount card); `unverifiable` (the server could not be
 * asked: never a reason to unlink).
 */
export type LinkingDecision =
  | { readonly kind: 'unlinked' }
  | { readonly kind: 'invalid'; readonly reason: InvalidTokenReason }
  | { readonly kind: 'unverifiable'; readonly reason: UnverifiableReason }
  | { readonly kind: 'linked'; readonly user: LinkedUser };

/** What verifying a token produced, as plain data. */
export type TokenVerification =
  | { readonly outcome: 'verified'; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly outcome: 'rejected'; readonly reason: InvalidTokenReason }
  | {
      readonly outcome: 'unavailable';
      readonly reason: Extract<UnverifiableReason, 'key-set-unavailable' | 'unknown-key'>;
    };

/**
 * Cognito access tokens are about 1 KB; anything far larger is not one, and is refused before any
 * parsing so an oversized string costs nothing.
 */
export const MAX_ACCESS_TOKEN_LENGTH = 16 * 1024;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** What can be decided from the token string alone, before any signature check. */
export function screenAccessToken(token: unknown): LinkingDecision | 'verify' {
  if (typeof token !== 'string' || token.trim() === '') return { kind: 'unlinked' };
  if (token.length > MAX_ACCESS_TOKEN_LENGTH || !JWT_SHAPE.test(token)) {
    return { kind: 'invalid', reason: 'malformed' };
  }
  return 'verify';
}

export function decideLinking(verification: TokenVerification): LinkingDecision {
  switch (verification.outcome) {
    case 'rejected':
      return { kind: 'invalid', reason: verification.reason };
    case 'unavailable':
      return { kind: 'unverifiable', reason: verification.reason };
    case 'verified': {
      const user = linkedUserFromClaims(verification.claims);
      return user ? { kind: 'linked', user } : { kind: 'invalid', reason: 'malformed' };
    }
  }
}

function linkedUserFromClaims(claims: Readonly<Record<string, unknown>>): LinkedUser | undefined {
  const { sub, username, scope } = claims;
  if (typeof sub !== 'string' || sub === '') return undefined;
  return {
    userId: sub,
    username: typeof username === 'string' ? username : sub,
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
  };
}

/** True exactly when the decision is `linked`. */
export function isLinked(
  decision: LinkingDecision
): decision is Extract<LinkingDecision, { kind: 'linked' }> {
  return decision.kind === 'linked';
}
