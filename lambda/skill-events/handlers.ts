/**
 * Alexa skill lifecycle events in the custom skill (the manifest subscribes to SKILL_ENABLED,
 * SKILL_DISABLED and SKILL_ACCOUNT_LINKED): an ask-sdk request handler around the one
 * SkillEventHandler (skill-event.ts), which the smart home function calls directly.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import type { Logger } from '../adapters/logger';
import { getRequestType, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import { skillMetrics, type SkillMetrics } from '../adapters/metrics';
import { userDataEraserFromEnvironment } from './dynamodb-user-data-eraser';
import { SKILL_EVENT_PREFIX, createSkillEventHandler } from './skill-event';
import type { UserDataEraser } from './user-data-eraser';

export { SKILL_DISABLED, SKILL_EVENT_PREFIX } from './skill-event';

export interface SkillEventHandlersDependencies {
  readonly logger: Logger;
  /** Absent when the project stores nothing per user: disabling then has nothing to erase. */
  readonly eraser?: UserDataEraser;
  /** @default the container's shared SkillMetrics */
  readonly metrics?: () => SkillMetrics;
}

export function createSkillEventHandlers(deps: SkillEventHandlersDependencies): RequestHandler[] {
  // The custom skill's data (if any) is keyed by Alexa's userId: no linked-account lookup.
  const handleEvent = createSkillEventHandler({
    logger: deps.logger,
    eraser: deps.eraser,
    metrics: deps.metrics ?? skillMetrics,
  });
  const skillEvent: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope).startsWith(SKILL_EVENT_PREFIX),
    async handle(input: HandlerInput) {
      await handleEvent(input.requestEnvelope);
      return input.responseBuilder.getResponse();
    },
  };
  return [skillEvent];
}

/** The handlers as the skill function registers them: the eraser comes from the environment. */
export function skillEventHandlers(
  logger: Logger,
  env: Readonly<Record<string, string | undefined>> = process.env
): RequestHandler[] {
  return createSkillEventHandlers({ logger, eraser: userDataEraserFromEnvironment(env) });
}
