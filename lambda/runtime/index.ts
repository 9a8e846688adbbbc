/**
 * alexa-account-linking/runtime: the public entry for code that runs in the skill's Lambda. The
 * project's own skills (the greeting in lambda/custom-skill/, the lamp in lambda/smart-home/)
 * import from here and nowhere else, so every test of theirs also tests this API.
 *
 * Everything is a named export of a module without side effects at import: a bundle keeps only
 * what it uses, and only the configured linking server's adapter (see lambda/verifiers/index.ts).
 *
 * @module alexa-account-linking/runtime
 */

// Custom skills on ask-sdk-core: the linking step, linked-users-only handlers, the decision.
export {
  MALFORMED_ENVELOPE_RESPONSE,
  accountLinking,
  type AccountLinking,
  type AccountLinkingOptions,
  type GuardedSkill,
} from './custom-skill/account-linking';
export {
  linkedUsersOnly,
  type LinkedRequest,
  type LinkedUsersRequestHandler,
} from './custom-skill/linked-users-only';
export { LinkingStepMissingError, linkingDecisionOf } from './custom-skill/request-linking';
export { respondWith } from './custom-skill/respond';
export { voiceForwardOutcome, type VoiceForwardOutcome } from '../core/voice-forward-linking';

// What is said, as plain data, and the SSML helpers for speech built from a profile.
export {
  ERROR_REPLY,
  MAX_SPEECH_LENGTH,
  MAX_SPOKEN_EMAIL,
  MAX_SPOKEN_NAME,
  escapeSsml,
  firstName,
  notLinkedReply,
  speakable,
  type NotLinked,
  type Reply,
  type UserProfile,
} from '../core/replies';

// Any other code: the verifier and its plain decision.
export {
  createLinkingVerifier,
  linkingSettingsFrom,
  type CreateLinkingVerifierOptions,
} from './linking-verifier';
export type { LinkingVerifier } from '../verifiers/linking-verifier';
export {
  isLinked,
  type InvalidTokenReason,
  type LinkedUser,
  type LinkingDecision,
  type UnverifiableReason,
} from '../core/linking-decision';
export {
  SkillConfigError,
  type Env,
  type LinkingConfig,
  type SkillConfig,
} from '../core/skill-config';

// Smart home: the directive handler, the device port it calls for your devices, and the
// adapters the lamp is built from.
export {
  createDirectiveHandler,
  type DirectiveHandler,
  type SmartHomeDependencies,
  type SmartHomeLog,
  type SmartHomeMetrics,
} from './smart-home/handle-directive';
export {
  DEVICE_ERROR_TYPES,
  type DeviceAnswer,
  type DeviceError,
  type DeviceErrorType,
  type DeviceProperty,
  type DiscoveredCapability,
  type DiscoveredEndpoint,
  type EndpointDirective,
  type RangeBound,
  type SmartHomeDevicePort,
} from '../core/smart-home/device-port';
export { createLampPort, starterEndpointId, type LampPortOptions } from './smart-home/lamp-port';
export type { AlexaEvent, ContextProperty } from '../core/smart-home/events';
export type {
  AlexaEventsGrant,
  AlexaEventsGrantStore,
  DeviceStore,
  GrantExchange,
  GrantExchangeResult,
} from '../core/smart-home/ports';
export { loadSmartHomeConfig, type SmartHomeConfig } from '../core/smart-home/smart-home-config';
export {
  createDynamoDbLampPort,
  type DynamoDbLampPortOptions,
} from '../adapters/dynamodb-lamp-port';
export { createDynamoDbGrantStore } from '../adapters/dynamodb-grant-store';
export { createDynamoDbDeviceStore } from '../adapters/device-store-dynamodb';
export { createLwaGrantExchange } from '../adapters/alexa-grant-exchange';
export { createSecretsManagerEventsCredentials } from '../adapters/alexa-events-credentials';
export { createDynamoDbLinkedSubjects } from '../skill-events/dynamodb-linked-subjects';

// Smart home skill events: the same function is the skill's events endpoint (opt in).
export {
  withSkillEvents,
  type SkillEventAcknowledgement,
  type SmartHomeHandler,
  type SmartHomeSkillEventMetrics,
  type SmartHomeSkillEventsOptions,
} from './smart-home/skill-events';
export type { LinkedSubjects } from '../skill-events/linked-subjects';
export type { SkillEventLog, SkillEventMetrics } from '../skill-events/skill-event';

// Smart home proactive events: the change reporter (a DynamoDB stream consumer) and its adapters.
export {
  createChangeReporter,
  type ChangeReporterOptions,
  type StreamEvent,
} from './smart-home/report-changes';
export { createDynamoDbEventsGrants } from '../adapters/alexa-events-grants-dynamodb';
export { createHttpEventGateway, createLwaTokenRefresher } from '../adapters/alexa-event-gateway';
export { createReporterMetrics } from '../adapters/reporter-metrics';
export { alexaRegionOfAwsRegion, type AlexaRegion } from '../core/smart-home/event-gateway';
export {
  CHANGE_CAUSES,
  CHANGE_CAUSE_ATTRIBUTE,
  type ChangeCause,
} from '../core/smart-home/stream-report';

// Both kinds of skill.
export { SkillIdMismatchError, checkEnvelope, type EnvelopeCheck } from '../core/envelope-check';
export {
  createSkillEventHandler,
  isSkillEventEnvelope,
  type SkillEventHandler,
} from '../skill-events/skill-event';
export { logger, type Logger, type LogAttributes, type LogExtra } from '../adapters/logger';
export { skillMetrics, type SkillMetrics } from '../adapters/metrics';
