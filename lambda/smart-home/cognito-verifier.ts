/**
 * A LinkingVerifier for the Cognito pool, built from the existing access-token verifier. Interim:
 * once `createLinkingVerifier(env)` (lambda/verifiers/index.ts) lands, the entry uses that instead
 * and this file goes; nothing else in lambda/smart-home depends on it.
 */
import {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
} from '../adapters/access-token-verifier';
import { decideLinking, screenAccessToken } from '../core/linking-decision';
import { SkillConfigError, loadSkillConfig } from '../core/skill-config';
import type { LinkingVerifier } from '../verifiers/linking-verifier';

export function cognitoLinkingVerifier(verifier: AccessTokenVerifier): LinkingVerifier {
  return {
    async decide(accessToken) {
      const screened = screenAccessToken(accessToken);
      return screened === 'verify'
        ? decideLinking(await verifier.verify(accessToken as string))
        : screened;
    },
    // Smart home replies never greet anyone: no profile is ever read.
    async profileOf() {
      return undefined;
    },
  };
}

/** The verifier for the function's environment: LINKING_SERVER must be cognito (or unset). */
export function linkingVerifierFromEnv(
  env: Readonly<Record<string, string | undefined>>
): LinkingVerifier {
  const server = env.LINKING_SERVER;
  if (server !== undefined && server !== 'cognito') {
    throw new SkillConfigError(
      `Environment variable LINKING_SERVER is "${server}"; expected cognito (the only linking server this build of the smart home function supports).`
    );
  }
  return cognitoLinkingVerifier(createAccessTokenVerifier(loadSkillConfig(env)));
}
