import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccessTokenVerifier } from '../adapters/access-token-verifier';
import type { UserInfoClient } from '../adapters/user-info-client';

/** What the skill is built from, once per container. */
export interface SkillDependencies {
  readonly skillId: string;
  readonly verifier: AccessTokenVerifier;
  readonly userInfo: UserInfoClient;
  readonly logger: Logger;
}
