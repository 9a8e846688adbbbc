import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccessTokenVerifier } from '../verifiers/cognito/access-token-verifier';
import type { UserInfoClient } from '../verifiers/cognito/user-info-client';

/** What the skill is built from, once per container. */
export interface SkillDependencies {
  readonly skillId: string;
  readonly verifier: AccessTokenVerifier;
  readonly userInfo: UserInfoClient;
  readonly logger: Logger;
}
