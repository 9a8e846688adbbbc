import type { LinkingServerName } from '../app-settings/linking-server-settings';

/**
 * The read-only shape every linking server has, whichever authorization server it is: the values
 * the Alexa developer console's Account Linking page asks for, and the environment a skill
 * function needs to verify that server's tokens.
 *
 * Implemented by `AlexaAccountLinking` (Cognito), `LoginWithAmazonLinkingServer` and
 * `OidcLinkingServer`.
 */
export interface AlexaLinkingServer {
  /** Which kind of authorization server this is. */
  readonly linkingServerName: LinkingServerName;
  /** Alexa console: "Your Web Authorization URI". */
  readonly authorizationUrl: string;
  /** Alexa console: "Access Token URI". */
  readonly accessTokenUrl: string;
  /** Alexa console: "Your Client ID". */
  readonly clientId: string;
  /** Alexa console: "Scope", one entry per name. */
  readonly scopes: string[];
  /** Alexa console: "Domain List". */
  readonly domainNames: string[];
  /** The three regional Alexa redirect URLs the server must allow as callbacks. */
  readonly alexaRedirectUrls: string[];
  /**
   * Environment variables that tell a skill function (custom skill or smart home) which server
   * verifies its tokens, and how. `LINKING_SERVER` is absent for Cognito (the Lambda side reads
   * its absence as `cognito`), so the Cognito template stays as it was.
   *
   * - cognito: `USER_POOL_ID`, `USER_POOL_CLIENT_ID`, `SIGN_IN_DOMAIN_URL`
   * - login-with-amazon: `LINKING_SERVER`, `LWA_CLIENT_ID`
   * - oidc: `LINKING_SERVER`, `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_CLIENT_ID`, `OIDC_JWKS_URL`,
   *   and `OIDC_USERINFO_URL` when set
   */
  readonly functionEnvironment: Record<string, string>;
}

/** The hosts of some https URLs, unique, in order: the Domain List for a server's endpoints. */
export function hostsOf(...urls: string[]): string[] {
  return [...new Set(urls.map((url) => new URL(url).hostname))];
}
