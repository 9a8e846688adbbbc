/**
 * The public API of alexa-account-linking: every construct, its props, the rules Aspect and the
 * pure helpers a CDK app needs. Import from the package name, never from a deep path:
 *
 * ```ts
 * import { AlexaAccountLinking, SkillFunction, AlexaLinkingRules } from 'alexa-account-linking';
 * ```
 *
 * - Constructs: AlexaAccountLinking (user pool + sign-in domain + Alexa app client, with the Alexa
 *   console's values as fields: authorizationUrl, accessTokenUrl, scopes, domainNames, and
 *   userPoolClient.alexaRedirectUrls), its parts SkillUserPool, SignInDomain and AlexaAppClient,
 *   SkillFunction (the skill's Lambda, its code prebuilt in this package or your own `entry` or
 *   `code`), allowAccountLinking (the same environment and Alexa invoke permission for a function
 *   of yours defined elsewhere),
 *   SkillAccountLinkingSettings (writes the skill's account-linking settings at deploy time), and
 *   AccountLinkingStack (this project's whole app as one stack).
 * - Rules: AlexaLinkingRules, an Aspect that fails synthesis on an Alexa client Alexa cannot link
 *   with; checkAlexaClient and checkUserPool, the same rules as pure functions.
 * - Helpers: alexaRedirectUrls(vendorId), the vendor-ID, skill-ID and domain-prefix checks, and
 *   readAppSettings, which reads and checks this project's context settings.
 *
 * @module alexa-account-linking
 */
// Identity: the user pool, its sign-in domain, the Alexa app client and their composition.
export * from './identity/alexa-account-linking';
export * from './identity/alexa-app-client';
export * from './identity/alexa-redirect-urls';
export * from './identity/domain-prefix';
export * from './identity/sign-in-domain';
export * from './identity/skill-user-pool';
// Linking servers other than Cognito, the shape they share, and federated sign-in for the pool.
export * from './identity/alexa-linking-server';
export * from './identity/login-with-amazon-linking-server';
export * from './identity/oidc-linking-server';
export * from './identity/alexa-sign-in-providers';
// Skill functions (the prebuilt skills or your code), the linking servers a function's bundle can
// be built for, and account linking for a function of your own.
export * from './skill-functions/skill-function';
export type { SkillFunctionCodeProps } from './skill-functions/skill-function-code';
export type { AskSdkModelMode } from './skill-functions/ask-sdk-model-use';
export {
  allowAccountLinking,
  type AllowAccountLinkingProps,
} from './skill-functions/allow-account-linking';
export {
  DEFAULT_LINKING_SERVER,
  LINKING_SERVERS,
  type LinkingServerName,
} from './skill-functions/bundle-recipe';
export * from './skill-functions/user-data-erasure';
// Observability: alarms, dashboard, alarm topic.
export * from './observability/alarm-topic';
export * from './observability/skill-observability';
export * from './recorder/token-exchange-recorder';
export * from './recorder/token-exchange-observability';
export * from './app-to-app/app-to-app-linking';
// Capacity plan (pure arithmetic).
export * from './capacity/capacity-plan';
export * from './capacity/quotas';
// Finishing the link at deploy time.
export * from './link-settings/skill-account-linking-settings';
// Rules.
export * from './rules/alexa-linking-rules';
export * from './rules/linking-rules';
// The deployable stack and its settings.
export * from './account-linking-stack';
export * from './regional-skill-stack';
export * from './app-settings/app-settings';
export * from './app-settings/invalid-setting-error';
export * from './app-settings/observability-settings';
export * from './app-settings/skill-regions-settings';
export * from './app-settings/recorder-settings';
export * from './app-settings/linking-server-settings';
export * from './app-settings/sign-in-providers-settings';
export * from './app-settings/account-linking-request-settings';
export * from './app-settings/app-to-app-settings';
// Smart home.
export * from './skill-functions/device-table';
export * from './skill-functions/device-table-access';
export * from './skill-functions/global-device-table';
export * from './skill-functions/device-table-replica';
export * from './app-settings/smart-home-regions';
export * from './skill-functions/smart-home-function';
export * from './app-settings/skill-type-settings';
export * from './app-settings/password-min-length';
export * from './app-settings/secret-reference';
