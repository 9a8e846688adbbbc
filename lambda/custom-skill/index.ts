/**
 * The Lambda entry. Everything is built once per container, at init: the linking server's
 * verifier (chosen by LINKING_SERVER) keeps its key set or token-info cache across warm requests.
 */
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import type { Context } from 'aws-lambda';
import { logger } from '../adapters/logger';
import { loadSkillConfig } from '../core/skill-config';
import { linkingVerifierFor } from '../verifiers';
import { buildSkill } from './build-skill';

const config = loadSkillConfig(process.env);

const skill = buildSkill({
  skillId: config.skillId,
  verifier: linkingVerifierFor(config, { logger }),
  logger,
  // Set by the stack only with Login with Amazon and voiceForwardAccountLinking=enabled.
  voiceForwardAccountLinking: process.env.VOICE_FORWARD_ACCOUNT_LINKING === 'enabled',
});

// ask-sdk-core's .lambda() is callback-style, which newer Node.js runtimes no longer call.
export const handler = async (
  event: RequestEnvelope,
  context: Context
): Promise<ResponseEnvelope> => skill.invoke(event, context);
