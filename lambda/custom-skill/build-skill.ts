import { SkillBuilders } from 'ask-sdk-core';
import {
  accountLinking,
  logger as runtimeLogger,
  type AccountLinkingOptions,
  type GuardedSkill,
} from '../runtime';
import { SKILL_NAME } from './greeting-replies';
import { createHandlers } from './handlers';

export { MALFORMED_ENVELOPE_RESPONSE, SkillIdMismatchError, type GuardedSkill } from '../runtime';

/** What the greeting is built with: the runtime's defaults (the environment), or test seams. */
export type SkillDependencies = Omit<AccountLinkingOptions, 'skillName'>;

/**
 * The greeting skill, on the runtime API: its own handlers, the linking step added to the
 * builder, the envelope checks in front. Built once per container; `invoke(envelope)` answers.
 */
export function buildSkill(deps: SkillDependencies = {}): GuardedSkill {
  const linking = accountLinking({ skillName: SKILL_NAME, ...deps });
  const logger = deps.logger ?? runtimeLogger;
  const builder = SkillBuilders.custom().addRequestHandlers(...createHandlers(logger));
  return linking.guard(linking.applyTo(builder).create());
}
