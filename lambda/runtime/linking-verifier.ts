/**
 * The verifier itself, for code that is not an ask-sdk-core skill (Jovo, a plain handler, an API
 * behind the same linking server): one `decide(accessToken)` returning the plain LinkingDecision.
 */
import type { Logger } from '../adapters/logger';
import {
  SkillConfigError,
  loadLinkingConfig,
  withLinkingSettingsHint,
  type Env,
  type LinkingConfig,
} from '../core/skill-config';
import { linkingVerifierFor } from '../verifiers';
import type { LinkingVerifier } from '../verifiers/linking-verifier';

/** Options of createLinkingVerifier: where the linking settings come from, and where to log. */
export interface CreateLinkingVerifierOptions {
  /**
   * The linking server's settings, given explicitly.
   * @default - read from `env`
   */
  readonly settings?: LinkingConfig;
  /**
   * Where the settings are read from when `settings` is not given.
   * @default process.env
   */
  readonly env?: Env;
  /** Where the verifier logs what went wrong (never a token). @default the runtime's logger */
  readonly logger?: Pick<Logger, 'warn'>;
}

/**
 * The verifier for the configured linking server, built once per container (keep it at module
 * level: its key set or token-info cache then survives warm invocations). Throws SkillConfigError
 * naming every missing or malformed variable, and what sets them.
 */
export function createLinkingVerifier(options: CreateLinkingVerifierOptions = {}): LinkingVerifier {
  const settings = options.settings ?? linkingSettingsFrom(options.env ?? process.env);
  return linkingVerifierFor(settings, { logger: options.logger });
}

/** The linking settings in `env`; a SkillConfigError with the hint of what sets them. */
export function linkingSettingsFrom(env: Env): LinkingConfig {
  try {
    return loadLinkingConfig(env);
  } catch (error) {
    throw error instanceof SkillConfigError ? withLinkingSettingsHint(error) : error;
  }
}
