/**
 * The port between the skills and the linking servers. Each linking server (the Cognito pool,
 * Login with Amazon, any OIDC server) has one adapter behind it, chosen once per container from
 * the function's environment; a handler never knows which one verified its token.
 */
import type { LinkedUser, LinkingDecision } from '../core/linking-decision';
import type { UserProfile } from '../core/replies';

/**
 * Verifies the access tokens of one linking server: the port every handler decides linking through.
 */
export interface LinkingVerifier {
  /**
   * The linking decision for the access token Alexa sent (`unknown`: it comes straight from the
   * envelope). A missing token is `unlinked`; a token the server definitely refuses is `invalid`
   * with a reason; a server that cannot be asked is `unverifiable`. Never throws for a bad token;
   * rethrows what it does not recognise (a bug, a misconfiguration).
   */
  decide(accessToken: unknown): Promise<LinkingDecision>;
  /**
   * The linked user's name and email for the greeting, read only after `decide` said `linked`
   * (so a refused token costs no profile call); undefined when the server cannot answer in time.
   */
  profileOf(user: LinkedUser, accessToken: string): Promise<UserProfile | undefined>;
}
