/**
 * The quotas a linked skill spends, per linking server, each with the page that documents its
 * default and what to change when a load is over it. Defaults only: an account may have raised
 * them (check the Service Quotas console).
 */

import type { LinkingServerName } from '../app-settings/linking-server-settings';

/** Who issues the tokens Alexa holds (the `linkingServer` context key). */
export type LinkingServer = LinkingServerName;

/** What the load on a quota is made of. */
export type QuotaId = 'tokenEndpoint' | 'profile' | 'lambdaConcurrency';

/** A published quota (or the lack of one) that a linked skill spends, and what to do near it. */
export interface Quota {
  /** Which load it takes. */
  readonly id: QuotaId;
  /** e.g. "Cognito UserAuthentication". */
  readonly name: string;
  /**
   * Requests per second (or concurrent executions).
   * @default - none published: the check reports "no published quota"
   */
  readonly limit?: number;
  /** What `limit` counts. */
  readonly unit: 'requests/s' | 'concurrent executions';
  /**
   * `home region`: one quota in the stack's region takes the load of every Alexa region (the pool
   * lives there once); `each region`: every region where a skill function runs has its own.
   */
  readonly scope: 'home region' | 'each region';
  /** The page that documents the quota. */
  readonly source: string;
  /** What the operator changes when the load is over (or near) the quota. */
  readonly whenOver: string;
}

const COGNITO_QUOTAS_URL =
  'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations';

/**
 * Refresh-token grants at /oauth2/token and managed-login sign-ins spend the UserAuthentication
 * category (the authorization-code exchange has the same rate but its own bucket); a call to
 * /oauth2/userInfo counts as GetUser, in UserRead. Both default to 120 requests per second per
 * account and Region, adjustable.
 */
const COGNITO: readonly Quota[] = [
  {
    id: 'tokenEndpoint',
    name: 'Cognito UserAuthentication (token refreshes + sign-ins)',
    limit: 120,
    unit: 'requests/s',
    scope: 'home region',
    source: COGNITO_QUOTAS_URL,
    whenOver:
      'raise the access token lifetime (AlexaAppClient accessTokenValidity, up to 1 day) so each active user refreshes less often, or request a UserAuthentication increase for the home region in the Service Quotas console',
  },
  {
    id: 'profile',
    name: 'Cognito UserRead (/oauth2/userInfo calls)',
    limit: 120,
    unit: 'requests/s',
    scope: 'home region',
    source: COGNITO_QUOTAS_URL,
    whenOver:
      "raise the profile cache lifetime (createUserInfoClient's ttlMs, 15 minutes by default) so a user is looked up once across sessions, or request a UserRead increase for the home region",
  },
];

const LWA_SOURCE = 'https://developer.amazon.com/docs/login-with-amazon/access-token.html';
const LWA: readonly Quota[] = [
  {
    id: 'tokenEndpoint',
    name: 'Login with Amazon token endpoint (api.amazon.com/auth/o2/token)',
    unit: 'requests/s',
    scope: 'home region',
    source: LWA_SOURCE,
    whenOver:
      'Amazon publishes no rate quota for Login with Amazon; Alexa refreshes LWA tokens itself. Ask Amazon developer support before a launch at this scale',
  },
  {
    id: 'profile',
    name: 'Login with Amazon profile API (api.amazon.com/user/profile)',
    unit: 'requests/s',
    scope: 'home region',
    source: 'https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html',
    whenOver:
      'no published quota: keep the profile cache on, and raise its lifetime before asking Amazon',
  },
];

const OIDC: readonly Quota[] = [
  {
    id: 'tokenEndpoint',
    name: "OIDC server's token endpoint",
    unit: 'requests/s',
    scope: 'home region',
    source: "your OIDC server's documentation",
    whenOver:
      "compare with your OIDC server's own rate limit; a longer access token lifetime there means fewer refreshes",
  },
  {
    id: 'profile',
    name: "OIDC server's userinfo endpoint",
    unit: 'requests/s',
    scope: 'home region',
    source: "your OIDC server's documentation",
    whenOver: "compare with your OIDC server's own rate limit; raise the profile cache lifetime",
  },
];

/** Every skill function region: Lambda's default concurrency quota per account and Region. */
const LAMBDA_CONCURRENCY: Quota = {
  id: 'lambdaConcurrency',
  name: 'Lambda concurrent executions (skill function)',
  limit: 1000,
  unit: 'concurrent executions',
  scope: 'each region',
  source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  whenOver:
    'request a Lambda concurrent-executions increase in that region, or deploy the skill function there with skillRegions so each Alexa region has its own',
};

/**
 * The quotas a deployment with `linkingServer` spends: its token and profile endpoints', and Lambda
 * concurrency.
 */
export function quotasFor(linkingServer: LinkingServer): readonly Quota[] {
  const server = { cognito: COGNITO, 'login-with-amazon': LWA, oidc: OIDC }[linkingServer];
  return [...server, LAMBDA_CONCURRENCY];
}

/** Login with Amazon access tokens live one hour, fixed by Amazon. */
export const LWA_ACCESS_TOKEN_SECONDS = 3600;
/** The page that documents Login with Amazon's one-hour access token lifetime. */
export const LWA_ACCESS_TOKEN_SOURCE = LWA_SOURCE;
