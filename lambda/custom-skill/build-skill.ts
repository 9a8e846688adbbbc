import {
  SkillBuilders,
  getIntentName,
  getRequestType,
  type HandlerInput,
  type Skill,
} from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { SkillIdMismatchError, checkEnvelope } from '../core/envelope-check';
import { ERROR_REPLY } from '../core/replies';
import { skillMetrics, withLatencyMetric } from '../adapters/metrics';
import { skillEventHandlers } from '../skill-events/handlers';
import type { SkillDependencies } from './dependencies';
import { createErrorHandler, createHandlers } from './handlers';
import { decisionIfKnown } from '../runtime/custom-skill/request-linking';

/** The skill as the Lambda entry calls it: any body in, a response envelope (or a refusal) out. */
export interface GuardedSkill {
  invoke(envelope: RequestEnvelope | unknown, context?: unknown): Promise<ResponseEnvelope>;
}

export { SkillIdMismatchError };

/** What a malformed envelope gets: the apology, and the session ends. */
export const MALFORMED_ENVELOPE_RESPONSE: ResponseEnvelope = {
  version: '1.0',
  response: {
    outputSpeech: { type: 'SSML', ssml: `<speak>${ERROR_REPLY.speech}</speak>` },
    shouldEndSession: true,
  },
};

/**
 * Builds the skill once per container; `skill.invoke(envelope)` answers each request. Envelopes
 * are checked first: a malformed one gets a safe apology (never a throw inside ask-sdk), and one
 * whose context or session names another skill is refused.
 */
export function buildSkill(deps: SkillDependencies): GuardedSkill {
  const skill = buildSdkSkill(deps);
  return {
    async invoke(envelope, context) {
      const check = checkEnvelope(envelope, deps.skillId);
      if (check.verdict === 'other-skill') throw new SkillIdMismatchError(check.field);
      if (check.verdict === 'malformed') {
        deps.logger.warn('malformed envelope', { problem: check.problem });
        return structuredClone(MALFORMED_ENVELOPE_RESPONSE);
      }
      return skill.invoke(envelope as RequestEnvelope, context);
    },
  };
}

function buildSdkSkill(deps: SkillDependencies): Skill {
  const timed = withLatencyMetric(deps.verifier, 'decide', 'verification');
  deps = { ...deps, verifier: withLatencyMetric(timed, 'profileOf', 'profile') };
  return (
    SkillBuilders.custom()
      // The SDK refuses envelopes for any other skill before a handler runs.
      .withSkillId(deps.skillId)
      .addRequestHandlers(...createHandlers(deps), ...skillEventHandlers(deps.logger))
      .addErrorHandlers(createErrorHandler(deps))
      .addRequestInterceptors((input) => {
        deps.logger.appendKeys({ requestId: input.requestEnvelope.request.requestId });
      })
      .addResponseInterceptors(async (input) => logOutcome(deps, input))
      .create()
  );
}

/** One line per request: what was asked and the linking decision, never the token. */
async function logOutcome(deps: SkillDependencies, input: HandlerInput): Promise<void> {
  const requestType = getRequestType(input.requestEnvelope);
  const decision = await decisionIfKnown(input);
  deps.logger.info('request handled', {
    requestType,
    intent: requestType === 'IntentRequest' ? getIntentName(input.requestEnvelope) : undefined,
    linking: decision?.kind ?? 'not-checked',
    reason: decision && 'reason' in decision ? decision.reason : undefined,
  });
  deps.logger.removeKeys(['requestId']);
  if (decision) skillMetrics().recordLinkingDecision(decision);
  skillMetrics().publish();
}
