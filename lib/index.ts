/**
 * The public API of alexa-account-linking: every construct, its props, the rules Aspect and the
 * pure helpers a CDK app needs. Import from the package name, never from a deep path.
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
// Skill functions.
export * from './skill-functions/skill-function';
export * from './skill-functions/user-data-erasure';
// Observability: alarms, dashboard, alarm topic.
export * from './observability/alarm-topic';
export * from './observability/skill-observability';
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
export * from './app-settings/linking-server-settings';
export * from './app-settings/sign-in-providers-settings';
// Smart home.
export * from './skill-functions/device-table';
export * from './skill-functions/smart-home-function';
export * from './app-settings/skill-type-settings';
export * from './app-settings/password-min-length';
export * from './app-settings/secret-reference';
