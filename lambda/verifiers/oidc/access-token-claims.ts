/**
 * Whether an OIDC token that passed aws-jwt-verify (signature, issuer, audience, and expiry or
 * not-before when present) is an access token minted for the Alexa client on behalf of a user.
 * Issuer and audience alone let through a token for another application of the same server and
 * API, a machine-to-machine token, an ID token whose `aud` (the client ID) equals the audience,
 * and a token that never expires. Servers name things differently:
 *
 * | server   | client claim        | machine-to-machine token                         | ID token            |
 * | -------- | ------------------- | ------------------------------------------------ | ------------------- |
 * | Auth0    | `azp`               | `gty: client-credentials`, `sub: <client>@clients` | `aud` = client ID |
 * | Okta     | `cid`               | `sub` = the client ID (and no `uid`)              | `aud` = client ID   |
 * | Keycloak | `azp`               | `preferred_username: service-account-<client>`    | `typ: ID`           |
 * | RFC 9068 | `client_id`         | `sub` = the client ID                             | (`typ` header)      |
 *
 * Pure: plain claims in, a reason out.
 */
import type { InvalidTokenReason } from '../../core/linking-decision';

/**
 * The claims servers name the requesting client with; each one present must name the same client,
 * one of the Alexa clients (the server's, or that of a skill stage with its own).
 */
export const CLIENT_CLAIMS = ['azp', 'client_id', 'cid'] as const;

/**
 * Claims OpenID Connect defines for ID tokens only (a nonce echoed back, hashes of the access
 * token and the code): an access token never carries them.
 */
const ID_TOKEN_ONLY_CLAIMS = ['nonce', 'at_hash', 'c_hash'] as const;

/** Why the claims are not those of a user's access token for an Alexa client; undefined when they are. */
export function oidcAccessTokenProblem(
  claims: Readonly<Record<string, unknown>>,
  alexaClientIds: string | readonly string[]
): InvalidTokenReason | undefined {
  const clientIds: readonly unknown[] =
    typeof alexaClientIds === 'string' ? [alexaClientIds] : alexaClientIds;
  const { exp } = claims;
  // aws-jwt-verify checks `exp` only when it is there: a token without one would never expire.
  // Number.isFinite is false for anything but a finite number: no string or null is coerced.
  if (!Number.isFinite(exp)) return 'malformed';

  const clientClaims = CLIENT_CLAIMS.filter((name) => claims[name] !== undefined);
  const named = new Set(clientClaims.map((name) => claims[name]));
  if (named.size > 1 || [...named].some((client) => !clientIds.includes(client)))
    return 'wrong-client';

  if (isMachineToMachine(claims, clientIds)) return 'machine-to-machine';

  // An ID token's audience is the client ID: it passes the audience check when the audience
  // setting is the client ID too. It names no client in a claim of its own (an access token
  // from Auth0, Okta or Keycloak does), or says what it is.
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    claims.typ === 'ID' ||
    ID_TOKEN_ONLY_CLAIMS.some((name) => claims[name] !== undefined) ||
    (audiences.some((audience) => clientIds.includes(audience)) && clientClaims.length === 0)
  ) {
    return 'wrong-token-use';
  }
  return undefined;
}

/** A token a client got for itself (client credentials grant): there is no user to link. */
function isMachineToMachine(
  claims: Readonly<Record<string, unknown>>,
  clientIds: readonly unknown[]
): boolean {
  const { gty, sub, preferred_username: username } = claims;
  const grantTypes = Array.isArray(gty) ? gty : [gty];
  return (
    grantTypes.includes('client-credentials') ||
    (typeof sub === 'string' && (sub.endsWith('@clients') || clientIds.includes(sub))) ||
    (typeof username === 'string' && username.startsWith('service-account-'))
  );
}
