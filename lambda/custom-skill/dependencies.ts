import type { Logger } from '@aws-lambda-powertools/logger';
import type { LinkingVerifier } from '../verifiers/linking-verifier';

/** What the skill is built from, once per container. */
export interface SkillDependencies {
  readonly skillId: string;
  /** Whichever linking server is configured: the handlers never know which. */
  readonly verifier: LinkingVerifier;
  readonly logger: Logger;
  /**
   * Login with Amazon with voice-forward account linking on: an unlinked user is handed to
   * Amazon's linking skill instead of getting a LinkAccount card. @default false
   */
  readonly voiceForwardAccountLinking?: boolean;
}
