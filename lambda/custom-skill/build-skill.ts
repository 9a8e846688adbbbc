import {
  SkillBuilders,
  getIntentName,
  getRequestType,
  type HandlerInput,
  type Skill,
} from 'ask-sdk-core';
import { skillMetrics, withLatencyMetric } from '../adapters/metrics';
import { skillEventHandlers } from '../skill-events/handlers';
import type { SkillDependencies } from './dependencies';
import { createErrorHandler, createHandlers } from './handlers';
import { decisionIfKnown } from './request-linking';

/** Builds the skill once per container; `skill.invoke(envelope)` answers each request. */
export function buildSkill(deps: SkillDependencies): Skill {
  deps = {
    ...deps,
    verifier: withLatencyMetric(deps.verifier, 'verify', 'verification'),
    userInfo: withLatencyMetric(deps.userInfo, 'profileFor', 'profile'),
  };
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
