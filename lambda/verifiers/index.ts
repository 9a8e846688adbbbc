/**
 * Chooses the linking server's adapter once per container, from the function's environment.
 *
 * Each adapter is called inside its own branch, guarded by `process.env.LINKING_SERVER` written
 * out in full: a bundle built with esbuild's `define: { 'process.env.LINKING_SERVER': '"oidc"' }`
 * folds the other branches to `false`, so the other adapters' imports go unused and are dropped
 * with their libraries. The imports are static, not `require()`s in the branches: a required ES
 * module is wrapped for CommonJS in the bundle, with every module it imports (about 0.8 KiB in
 * each bundle). Without a define (tests, tsx) every adapter is loaded and the runtime value chooses.
 */
import { logger as sharedLogger, type Logger } from '../adapters/logger';
import {
  SkillConfigError,
  loadLinkingConfig,
  type Env,
  type LinkingConfig,
} from '../core/skill-config';
import {
  createCognitoLinkingVerifier,
  type CognitoLinkingVerifierOptions,
} from './cognito/cognito-linking-verifier';
import {
  createLoginWithAmazonVerifier,
  type LoginWithAmazonVerifierOptions,
} from './login-with-amazon/lwa-linking-verifier';
import {
  createOidcLinkingVerifier,
  type OidcLinkingVerifierOptions,
} from './oidc/oidc-linking-verifier';
import type { LinkingVerifier } from './linking-verifier';

export type { LinkingVerifier } from './linking-verifier';

export interface LinkingVerifierOptions {
  /** Where adapters log what went wrong (never a token). @default the function's one logger */
  readonly logger?: Pick<Logger, 'warn'>;
  /** Test seams for the Cognito adapter (a key-set fetcher aimed at loopback). */
  readonly cognito?: CognitoLinkingVerifierOptions;
  /** Test seams for the Login with Amazon adapter (loopback URLs, a clock). */
  readonly loginWithAmazon?: LoginWithAmazonVerifierOptions;
  /** Test seams for the OIDC adapter (a key-set fetcher aimed at loopback). */
  readonly oidc?: OidcLinkingVerifierOptions;
}

/** The verifier for the linking server LINKING_SERVER names (Cognito when unset). Throws SkillConfigError naming every bad variable. */
export function createLinkingVerifier(
  env: Env,
  options: LinkingVerifierOptions = {}
): LinkingVerifier {
  return linkingVerifierFor(loadLinkingConfig(env), options);
}

/** The verifier for an already validated configuration. */
export function linkingVerifierFor(
  config: LinkingConfig,
  options: LinkingVerifierOptions = {}
): LinkingVerifier {
  const logger = options.logger ?? sharedLogger;
  if (
    (process.env.LINKING_SERVER ?? 'cognito') === 'cognito' &&
    config.linkingServer === 'cognito'
  ) {
    return createCognitoLinkingVerifier(config, {
      onProfileFailure: (reason) => logger.warn('no user profile', { reason }),
      ...options.cognito,
    });
  }
  if (
    (process.env.LINKING_SERVER ?? 'login-with-amazon') === 'login-with-amazon' &&
    config.linkingServer === 'login-with-amazon'
  ) {
    return createLoginWithAmazonVerifier(config, {
      warn: (message, details) => logger.warn(message, details),
      ...options.loginWithAmazon,
    });
  }
  if ((process.env.LINKING_SERVER ?? 'oidc') === 'oidc' && config.linkingServer === 'oidc') {
    return createOidcLinkingVerifier(config, {
      warn: (message, details) => logger.warn(message, details),
      ...options.oidc,
    });
  }
  throw new SkillConfigError([
    `Environment variable LINKING_SERVER is "${config.linkingServer}", but this bundle was built for "${process.env.LINKING_SERVER ?? 'cognito'}"; rebuild it for ${config.linkingServer}.`,
  ]);
}
