/**
 * alexa-account-linking/runtime: the public entry for code that runs in the skill's Lambda. The
 * project's own skills (the greeting in lambda/custom-skill/, the lamp in lambda/smart-home/)
 * import from here and nowhere else, so every test of theirs also tests this API.
 *
 * Everything is a named export of a module without side effects at import: a bundle keeps only
 * what it uses, and only the configured linking server's adapter (see lambda/verifiers/index.ts).
 */

// Smart home: the directive handler and the adapters the lamp is built from.
export {
  createDirectiveHandler,
  starterEndpointId,
  type DirectiveHandler,
  type SmartHomeDependencies,
  type SmartHomeLog,
  type SmartHomeMetrics,
} from './smart-home/handle-directive';
export type { AlexaEvent } from '../core/smart-home/events';
export type {
  AlexaEventsGrant,
  DeviceStore,
  GrantExchange,
  GrantExchangeResult,
} from '../core/smart-home/ports';
export { loadSmartHomeConfig, type SmartHomeConfig } from '../core/smart-home/smart-home-config';
export { createDynamoDbDeviceStore } from '../adapters/device-store-dynamodb';
export { createLwaGrantExchange } from '../adapters/alexa-grant-exchange';
export { createSecretsManagerEventsCredentials } from '../adapters/alexa-events-credentials';
export { createDynamoDbLinkedSubjects } from '../skill-events/dynamodb-linked-subjects';

// Both kinds of skill.
export { SkillIdMismatchError, checkEnvelope, type EnvelopeCheck } from '../core/envelope-check';
export {
  createSkillEventHandler,
  isSkillEventEnvelope,
  type SkillEventHandler,
} from '../skill-events/skill-event';
export { createLinkingVerifier, type LinkingVerifier } from '../verifiers';
export { logger } from '../adapters/logger';
export { skillMetrics, type SkillMetrics } from '../adapters/metrics';
