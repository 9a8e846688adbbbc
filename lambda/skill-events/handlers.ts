/**
 * Alexa skill lifecycle events (the manifest subscribes to SKILL_ENABLED, SKILL_DISABLED and
 * SKILL_ACCOUNT_LINKED). SkillDisabled with `userInformationPersistenceStatus` NOT_PERSISTED
 * erases what the project stores for the user; every event is logged and counted. Handling an
 * event twice is harmless: erasing data already gone deletes nothing.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { getRequestType, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import { skillMetrics, type SkillMetrics } from '../adapters/metrics';
import { userDataEraserFromEnvironment } from './dynamodb-user-data-eraser';
import type { UserDataEraser } from './user-data-eraser';

export const SKILL_EVENT_PREFIX = 'AlexaSkillEvent.';
export const SKILL_DISABLED = 'AlexaSkillEvent.SkillDisabled';

export interface SkillEventDependencies {
  readonly logger: Logger;
  /** Absent when the project stores nothing per user: disabling then has nothing to erase. */
  readonly eraser?: UserDataEraser;
  /** @default the container's shared SkillMetrics */
  readonly metrics?: () => SkillMetrics;
}

interface SkillEventRequest {
  readonly type: string;
  readonly body?: { readonly userInformationPersistenceStatus?: string };
}

export function createSkillEventHandlers(deps: SkillEventDependencies): RequestHandler[] {
  const metrics = deps.metrics ?? skillMetrics;
  const skillEvent: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope).startsWith(SKILL_EVENT_PREFIX),
    async handle(input: HandlerInput) {
      const request = input.requestEnvelope.request as unknown as SkillEventRequest;
      const persistence = request.body?.userInformationPersistenceStatus;
      const userId = input.requestEnvelope.context?.System?.user?.userId;
      let erasedItems: number | undefined;
      if (
        request.type === SKILL_DISABLED &&
        persistence === 'NOT_PERSISTED' &&
        deps.eraser !== undefined &&
        typeof userId === 'string' &&
        userId !== ''
      ) {
        erasedItems = await deps.eraser.eraseUser(userId);
      }
      // Never the user ID or the event body: SkillAccountLinked's body carries an access token.
      deps.logger.info('skill event', {
        eventType: request.type,
        userInformationPersistenceStatus: persistence,
        erasedItems,
      });
      metrics().recordSkillEvent(request.type, erasedItems);
      return input.responseBuilder.getResponse();
    },
  };
  return [skillEvent];
}

/** The handlers as the skill function registers them: the eraser comes from the environment. */
export function skillEventHandlers(logger: Logger): RequestHandler[] {
  return createSkillEventHandlers({ logger, eraser: userDataEraserFromEnvironment(process.env) });
}
