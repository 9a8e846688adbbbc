/**
 * The Lambda entry. Everything is built once per container, at init: the key set is fetched on the
 * first request that needs it and then reused by every warm request.
 */
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import type { Context } from 'aws-lambda';
import { createAccessTokenVerifier } from '../verifiers/cognito/access-token-verifier';
import { logger } from '../adapters/logger';
import { createUserInfoClient } from '../verifiers/cognito/user-info-client';
import { loadSkillConfig } from '../core/skill-config';
import { buildSkill } from './build-skill';

const config = loadSkillConfig(process.env);

const skill = buildSkill({
  skillId: config.skillId,
  verifier: createAccessTokenVerifier(config),
  userInfo: createUserInfoClient({
    userInfoUrl: `${config.signInDomainUrl}/oauth2/userInfo`,
    onFailure: (reason) => logger.warn('no user profile', { reason }),
  }),
  logger,
});

// ask-sdk-core's .lambda() is callback-style, which newer Node.js runtimes no longer call.
export const handler = async (
  event: RequestEnvelope,
  context: Context
): Promise<ResponseEnvelope> => skill.invoke(event, context);
