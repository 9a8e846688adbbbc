/**
 * The skill as the Lambda builds it (real verifier, real userInfo client, real logger), with
 * Cognito's endpoints served on loopback.
 */
import type * as http from 'node:http';
import { Logger } from '@aws-lambda-powertools/logger';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
} from '../../lambda/verifiers/cognito/access-token-verifier';
import { createJwksFetcher } from '../../lambda/verifiers/shared/jwks-fetcher';
import { createUserInfoClient } from '../../lambda/verifiers/shared/user-info-client';
import {
  buildSkill,
  type GuardedSkill,
  type SkillDependencies,
} from '../../lambda/custom-skill/build-skill';
import { cognitoLinkingVerifier } from '../../lambda/verifiers/cognito/cognito-linking-verifier';
import { SKILL_ID } from './infra';
import { CLIENT_ID, USER_POOL_ID, jwksOf, type TestKey } from './jwt';
import { captureOutput } from './output-capture';
import {
  loopbackRequestOptions,
  sendJson,
  startHttpServer,
  startHttpsServer,
  type LoopbackServer,
} from './loopback';

export const PROFILE = {
  sub: '5f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f',
  given_name: 'Ada Lovelace',
  email: 'ada@example.com',
};

export type JwksBehaviour = 'serve' | 'down' | 'slow' | 'garbage' | 'not-found';
export type UserInfoBehaviour = 'serve' | 'fail' | 'slow';

export interface SkillHarness {
  invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope>;
  /** Invokes and returns what was logged during the request too. */
  invokeCapturingLogs(
    envelope: RequestEnvelope
  ): Promise<{ response: ResponseEnvelope; logs: string }>;
  readonly verifier: AccessTokenVerifier;
  readonly jwksServer: LoopbackServer;
  readonly userInfoServer: LoopbackServer;
  jwksBehaviour: JwksBehaviour;
  userInfoBehaviour: UserInfoBehaviour;
  /** The keys the JWKS endpoint publishes (change to rotate). */
  publishedKeys: TestKey[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly keys: TestKey[];
  /** Load the key set up front with cacheJwks, instead of fetching it on first use. */
  readonly preloadJwks?: boolean;
  readonly jwksCooldownMs?: number;
  /** How long a userInfo profile is cached. @default 0: every linked request asks */
  readonly userInfoTtlMs?: number;
  /** Build the skill with voice-forward account linking on. @default false */
  readonly voiceForwardAccountLinking?: boolean;
  /** Builds another skill on the same verifier and logger. @default the greeting (buildSkill) */
  readonly build?: (deps: SkillDependencies) => GuardedSkill;
}

export async function startSkillHarness(options: HarnessOptions): Promise<SkillHarness> {
  const state = {
    jwksBehaviour: 'serve' as JwksBehaviour,
    userInfoBehaviour: 'serve' as UserInfoBehaviour,
    publishedKeys: options.keys,
  };
  const pending = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      pending.delete(t);
      fn();
    }, ms);
    pending.add(t);
  };

  const jwksServer = await startHttpsServer((_req, res) => {
    switch (state.jwksBehaviour) {
      case 'serve':
        return sendJson(res, 200, jwksOf(...state.publishedKeys));
      case 'down':
        return res.destroy();
      case 'slow':
        return later(5000, () => sendJson(res, 200, jwksOf(...state.publishedKeys)));
      case 'garbage':
        return sendJson(res, 200, { keys: 'not a key set' });
      case 'not-found':
        return sendJson(res, 404, { message: 'not found' });
    }
  });

  const userInfoServer = await startHttpServer(
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!/^Bearer eyJ/.test(req.headers.authorization ?? ''))
        return sendJson(res, 401, { error: 'invalid_token' });
      switch (state.userInfoBehaviour) {
        case 'serve':
          return sendJson(res, 200, { ...PROFILE, email_verified: 'true', username: PROFILE.sub });
        case 'fail':
          return sendJson(res, 500, { error: 'server_error' });
        case 'slow':
          return later(3000, () => sendJson(res, 200, PROFILE));
      }
    }
  );

  // The production fetch stack, aimed at loopback. No cooldown unless a test asks for one, so
  // each test's requests stay independent.
  const fetcher = createJwksFetcher({
    requestOptions: loopbackRequestOptions(jwksServer),
    cooldownMs: options.jwksCooldownMs ?? 0,
  });
  const verifier = createAccessTokenVerifier(
    { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID },
    { fetcher }
  );
  if (options.preloadJwks ?? true) verifier.cacheJwks(jwksOf(...options.keys));

  const logger = new Logger({ serviceName: 'skill-test' });
  const skill = (options.build ?? buildSkill)({
    skillId: SKILL_ID,
    verifier: cognitoLinkingVerifier(
      verifier,
      createUserInfoClient({
        userInfoUrl: `${userInfoServer.url}/oauth2/userInfo`,
        ttlMs: options.userInfoTtlMs ?? 0,
        failureTtlMs: 0,
        onFailure: (reason) => logger.warn('no user profile', { reason }),
      })
    ),
    logger,
    voiceForwardAccountLinking: options.voiceForwardAccountLinking,
  });

  return Object.assign(state, {
    verifier,
    jwksServer,
    userInfoServer,
    invoke: (envelope: RequestEnvelope) => skill.invoke(envelope),
    async invokeCapturingLogs(envelope: RequestEnvelope) {
      const { result, output } = await captureOutput(() => skill.invoke(envelope));
      return { response: result, logs: output };
    },
    async close() {
      for (const t of pending) clearTimeout(t);
      await Promise.all([jwksServer.close(), userInfoServer.close()]);
    },
  });
}
