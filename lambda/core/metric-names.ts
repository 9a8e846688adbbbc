/**
 * The one list of metric names, shared by the functions that emit them (lambda/adapters/metrics.ts,
 * in CloudWatch embedded metric format) and by the alarms and dashboard that read them
 * (lib/observability/). A name changed here changes both, so an alarm can never watch a metric
 * nothing emits. Plain data and one pure function: no imports.
 */

/** The CloudWatch namespace every skill metric lands in. */
export const METRICS_NAMESPACE = 'AlexaAccountLinking';

/**
 * The `service` dimension the EMF writer (adapters/emf-metrics.ts) puts first on every metric: one value for every skill
 * function (custom and smart home, every region), so one alarm covers them all.
 */
export const METRICS_SERVICE = 'alexa-account-linking-skill';

/**
 * The environment variable that tells a skill function its stage (the app's `stage` setting; a
 * stack's name when the constructs are used without one). SkillFunction and SmartHomeFunction set
 * it; the function writes it as the `Stage` dimension of every metric.
 */
export const METRICS_STAGE_VARIABLE = 'SKILL_STAGE';

/** Dimension names besides `service`. */
export const METRIC_DIMENSIONS = {
  service: 'service',
  /**
   * The stage (dev, prod, ...): on every skill metric, so that two stages in one account and
   * region never add up in one metric, one alarm or one dashboard.
   */
  stage: 'Stage',
  /** Why a token was refused (an InvalidTokenReason). */
  reason: 'Reason',
  /** A smart home directive, `<namespace>.<name>`, e.g. `Alexa.Authorization.AcceptGrant`. */
  directive: 'Directive',
  /** The Alexa ErrorResponse type a directive was answered with, e.g. `INVALID_AUTHORIZATION_CREDENTIAL`. */
  errorType: 'ErrorType',
  /** An Alexa skill event's request type, e.g. `AlexaSkillEvent.SkillDisabled`. */
  eventType: 'EventType',
  /** A token exchange's grant type (`authorization_code`, `refresh_token`, `other`): the recorder's. */
  grantType: 'GrantType',
  /** How a token exchange ended (`ok`, an OAuth error code, `timeout`, ...): the recorder's. */
  outcome: 'Outcome',
} as const;

export const METRIC_NAMES = {
  /** A request whose token was verified: the user is linked. */
  linkedRequests: 'LinkedRequests',
  /** A request with no token: the user has not linked. */
  unlinkedRequests: 'UnlinkedRequests',
  /** A request whose token was refused (also emitted per Reason). */
  invalidTokenRequests: 'InvalidTokenRequests',
  /** A request whose token could not be checked: the key set or token-info endpoint is unreachable. */
  unverifiableRequests: 'UnverifiableRequests',
  /** Milliseconds to reach a linking decision (includes a key-set fetch when one happens). */
  verificationLatency: 'VerificationLatency',
  /** Milliseconds to get the linked user's profile (cache hits included). */
  profileLatency: 'ProfileLatency',
  /** The Cognito / OIDC key set could not be fetched. */
  keySetFetchFailures: 'KeySetFetchFailures',
  /** Login with Amazon's token-info endpoint could not be reached. */
  tokenInfoFetchFailures: 'TokenInfoFetchFailures',
  /** A smart home directive handled (also emitted per Directive). */
  smartHomeDirectives: 'SmartHomeDirectives',
  /** A smart home directive answered with an ErrorResponse (per Directive and ErrorType). */
  smartHomeDirectiveErrors: 'SmartHomeDirectiveErrors',
  /** An Alexa.Authorization AcceptGrant that failed: the user's smart home link is broken. */
  acceptGrantFailures: 'AcceptGrantFailures',
  /** A skill lifecycle event received (per EventType). */
  skillEvents: 'SkillEvents',
  /** Stored items deleted for a user who disabled the skill. */
  userDataErased: 'UserDataErased',
  /** A token exchange the recorder passed on (also per GrantType and Outcome). */
  tokenExchanges: 'TokenExchanges',
  /** A refresh the linking server refused with invalid_grant: Alexa is about to unlink that user. */
  invalidGrantRefreshes: 'InvalidGrantRefreshes',
  /** Milliseconds from Alexa's token request to the answer, as the recorder measured it. */
  tokenExchangeLatency: 'TokenExchangeLatency',
  /** A token answer without expires_in, or with one under 360 s: Alexa refuses the token. */
  shortLivedTokenResponses: 'ShortLivedTokenResponses',
  /** A proactive event (ChangeReport, AddOrUpdateReport, DeleteReport) the gateway accepted. */
  proactiveEventsSent: 'ProactiveEventsSent',
  /** A proactive event the gateway refused for good (400, 403, 401 after a refresh): not delivered. */
  proactiveEventsRefused: 'ProactiveEventsRefused',
  /** A grant's access token that could not be refreshed at Login with Amazon (or the secret is unreadable). */
  eventsTokenRefreshFailures: 'EventsTokenRefreshFailures',
  /** A grant marked revoked (invalid_grant, skill disabled, permission withdrawn): events stop for that user. */
  eventsGrantsRevoked: 'EventsGrantsRevoked',
  /** Emitted on a container's first publish (adapters/emf-metrics.ts), in an on-demand container. */
  coldStart: 'ColdStart',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

// The two lists below are written out, not read from METRIC_NAMES: to a bundler a property read
// might run code, so it would keep them (unused) in every skill's bundle. The type still holds
// each entry to a name of METRIC_NAMES.

/** The names only the token exchange recorder writes (lambda/token-recorder), not the skills. */
export const RECORDER_METRIC_NAMES: readonly MetricName[] = [
  'TokenExchanges',
  'InvalidGrantRefreshes',
  'TokenExchangeLatency',
  'ShortLivedTokenResponses',
];

/** The names only the change reporter writes (lambda/change-reporter), not the skills. */
export const REPORTER_METRIC_NAMES: readonly MetricName[] = [
  'ProactiveEventsSent',
  'ProactiveEventsRefused',
  'EventsTokenRefreshFailures',
  'EventsGrantsRevoked',
];

/**
 * The dimensions every skill metric of `stage` carries, exactly as the functions write them and
 * the alarms and dashboard read them (a metric's identity is its namespace, name and all of its
 * dimensions: reading with one missing finds nothing).
 */
export function skillMetricDimensions(stage: string): Record<string, string> {
  return { [METRIC_DIMENSIONS.service]: METRICS_SERVICE, [METRIC_DIMENSIONS.stage]: stage };
}
