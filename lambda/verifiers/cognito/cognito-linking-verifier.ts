import type { Fetcher } from 'aws-jwt-verify/https';
import { decideLinking, screenAccessToken } from '../../core/linking-decision';
import type { CognitoLinkingConfig } from '../../core/skill-config';
import type { LinkingVerifier } from '../linking-verifier';
import { createUserInfoClient, type UserInfoClient } from '../shared/user-info-client';
import { createAccessTokenVerifier, type AccessTokenVerifier } from './access-token-verifier';

export interface CognitoLinkingVerifierOptions {
  /** The key-set fetcher. @default the production fetcher: short timeouts and a cooldown after a failure */
  readonly fetcher?: Fetcher;
  /** The clock of the refetch limit for unknown key IDs (tests). @default Date.now */
  readonly now?: () => number;
  /** Told why a profile lookup failed (never with the token). */
  readonly onProfileFailure?: (reason: string) => void;
}

/**
 * The Cognito user pool as the linking server: Cognito access tokens verified with aws-jwt-verify's
 * CognitoJwtVerifier, the profile read from the pool's `/oauth2/userInfo`.
 */
export function createCognitoLinkingVerifier(
  config: Omit<CognitoLinkingConfig, 'linkingServer'>,
  options: CognitoLinkingVerifierOptions = {}
): LinkingVerifier {
  return cognitoLinkingVerifier(
    createAccessTokenVerifier(config, { fetcher: options.fetcher, now: options.now }),
    createUserInfoClient({
      userInfoUrl: `${config.signInDomainUrl}/oauth2/userInfo`,
      onFailure: options.onProfileFailure,
    })
  );
}

/** The port over an already built token verifier and userInfo client (tests build their own). */
export function cognitoLinkingVerifier(
  tokens: AccessTokenVerifier,
  userInfo: UserInfoClient
): LinkingVerifier {
  return {
    async decide(accessToken) {
      const screened = screenAccessToken(accessToken);
      return screened === 'verify'
        ? decideLinking(await tokens.verify(accessToken as string))
        : screened;
    },
    profileOf: (user, accessToken) => userInfo.profileFor(user.userId, accessToken),
  };
}
