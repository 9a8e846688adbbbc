/**
 * Where the doctor may send the client secret: the linking server's own https token endpoint,
 * and nowhere else. The stack's outputs are only what the stack says; a wrong or tampered
 * AccessTokenUri must not receive a credential. Pure: the facts are gathered by the caller.
 *
 * - cognito: `https://<domain>/oauth2/token`, where the domain is the AuthorizationUri's host, an
 *   entry of DomainList, and a domain Cognito itself reports for the pool.
 * - login-with-amazon: exactly `https://api.amazon.com/auth/o2/token`.
 * - oidc: an https URL on the host of the token endpoint the stack was configured with.
 */

import type { LinkingServerName } from '../link-config/account-linking-settings';

export const LWA_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';

export interface TokenEndpointFacts {
  readonly server: LinkingServerName;
  /** The AccessTokenUri output. */
  readonly accessTokenUrl: string;
  /** The AuthorizationUri output. */
  readonly authorizationUrl: string;
  /** The DomainList output. */
  readonly domainList: readonly string[];
  /** cognito: the domains Cognito reports for the pool (DescribeUserPool, DescribeUserPoolDomain). */
  readonly poolDomains?: readonly string[];
  /** oidc: the token endpoint the stack was configured with (or the issuer's discovery names). */
  readonly configuredTokenUrl?: string;
}

export type TokenEndpointVerdict =
  { readonly send: true; readonly url: string } | { readonly send: false; readonly reason: string };

const refuse = (reason: string): TokenEndpointVerdict => ({ send: false, reason });

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Whether the client secret may be sent to the AccessTokenUri, and if not, why. */
export function tokenEndpointVerdict(facts: TokenEndpointFacts): TokenEndpointVerdict {
  const url = parse(facts.accessTokenUrl);
  if (!url) return refuse(`AccessTokenUri "${facts.accessTokenUrl}" is not a URL`);
  if (url.protocol !== 'https:')
    return refuse(`AccessTokenUri uses ${url.protocol.replace(':', '')}, not https`);
  if (url.username || url.password) return refuse('AccessTokenUri carries a user name or password');
  if (url.port !== '') return refuse(`AccessTokenUri names port ${url.port}`);
  if (url.search || url.hash) return refuse('AccessTokenUri has a query or fragment');
  const host = url.hostname.toLowerCase();

  switch (facts.server) {
    case 'login-with-amazon':
      return url.href === LWA_TOKEN_ENDPOINT
        ? { send: true, url: url.href }
        : refuse(`AccessTokenUri is not Login with Amazon's ${LWA_TOKEN_ENDPOINT}`);
    case 'oidc': {
      const configured = parse(facts.configuredTokenUrl ?? '');
      if (!configured) return refuse('the configured token endpoint is unknown');
      return configured.protocol === 'https:' && configured.hostname.toLowerCase() === host
        ? { send: true, url: url.href }
        : refuse(`${host} is not the host of the configured token endpoint (${configured.host})`);
    }
    case 'cognito': {
      if (url.pathname !== '/oauth2/token')
        return refuse(`AccessTokenUri's path is ${url.pathname}, not /oauth2/token`);
      const authorizeHost = parse(facts.authorizationUrl)?.hostname.toLowerCase();
      if (authorizeHost !== host)
        return refuse(`${host} is not the AuthorizationUri's host (${authorizeHost ?? 'none'})`);
      if (!facts.domainList.map((d) => d.toLowerCase()).includes(host))
        return refuse(`${host} is not in DomainList (${facts.domainList.join(', ')})`);
      const poolDomains = (facts.poolDomains ?? []).map((d) => d.toLowerCase());
      if (!poolDomains.includes(host))
        return refuse(
          `Cognito reports ${poolDomains.length > 0 ? poolDomains.join(', ') : 'no domain'} for the pool, not ${host}`
        );
      return { send: true, url: url.href };
    }
  }
}
