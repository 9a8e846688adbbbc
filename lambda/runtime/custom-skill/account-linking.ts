/**
 * The account linking step for any ask-sdk-core custom skill, added through the SDK's own
 * extension points: the skill ID check (`withSkillId`), a request interceptor that puts the
 * request's linking state in its request attributes, a response interceptor that logs and counts
 * each request's outcome, the skill event handler (with erasure of a disabling user's data) and an
 * error handler that answers with an apology and never logs a token. `guard(skill)` adds the
 * envelope checks ask-sdk cannot do (a malformed body, a session for another skill).
 */
import {
  getIntentName,
  getRequestType,
  type CustomSkillBuilder,
  type ErrorHandler,
  type HandlerInput,
  type RequestHandler,
  type Skill,
} from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { logger as sharedLogger, type Logger } from '../../adapters/logger';
import { skillMetrics, withLatencyMetric } from '../../adapters/metrics';
import { SkillIdMismatchError, checkEnvelope } from '../../core/envelope-check';
import { redactTokens } from '../../core/redact';
import { isLinked } from '../../core/linking-decision';
import { ERROR_REPLY, notLinkedReply, type NotLinked, type Reply } from '../../core/replies';
import {
  voiceForwardDeniedReply,
  voiceForwardLinkedReply,
  voiceForwardOutcome,
} from '../../core/voice-forward-linking';
import {
  SkillConfigError,
  loadSkillId,
  withLinkingSettingsHint,
  type Env,
} from '../../core/skill-config';
import { skillEventHandlers } from '../../skill-events/handlers';
import type { LinkingVerifier } from '../../verifiers/linking-verifier';
import { createLinkingVerifier } from '../linking-verifier';
import { attachRequestLinking, requestLinkingIfAny, requestLinkingOf } from './request-linking';
import { respondWith } from './respond';

/** What `accountLinking()` needs: the skill's spoken name, and where its settings come from. */
export interface AccountLinkingOptions {
  /**
   * The skill's name as users hear it, in the answers to a user without a usable link ("To use
   * <name>, link your account first."). Plain text: it is escaped for SSML.
   */
  readonly skillName: string;
  /**
   * The skill this function answers for: envelopes naming any other are refused.
   * @default the SKILL_ID variable of `env`
   */
  readonly skillId?: string;
  /**
   * The linking server's verifier.
   * @default createLinkingVerifier() over `env`
   */
  readonly verifier?: LinkingVerifier;
  /** Where requests, decisions and errors are logged (never a token). @default the runtime's logger */
  readonly logger?: Logger;
  /**
   * Where the settings are read from (skill ID, linking server, the user data table to erase).
   * @default process.env
   */
  readonly env?: Env;
  /**
   * Voice-forward account linking (Login with Amazon only): a user with no link is handed to
   * Amazon's linking skill instead of getting the LinkAccount card, and the resumed session is
   * answered (declined: the session ends; not possible: the card; linked: your handler for the
   * SessionResumedRequest if you add one, else "your account is linked").
   * @see https://developer.amazon.com/docs/account-linking/voice-forward-account-linking-implementation-details.html
   * @default true when `env` has VOICE_FORWARD_ACCOUNT_LINKING=enabled (the stack sets it with the
   * voiceForwardAccountLinking setting)
   */
  readonly voiceForwardAccountLinking?: boolean;
}

/** The skill as the Lambda entry calls it: any body in, a response envelope (or a refusal) out. */
export interface GuardedSkill {
  /**
   * Answers one envelope: refused when malformed or for another skill, else handled by the skill.
   */
  invoke(envelope: RequestEnvelope | unknown, context?: unknown): Promise<ResponseEnvelope>;
}

/**
 * The linking step of one custom skill, from `accountLinking()`: add it to a skill builder
 * (`applyTo`), guard a whole skill (`guard`), or take a ready Lambda handler (`lambdaHandler`).
 */
export interface AccountLinking {
  /** The skill the envelopes must name (the `skillId` option, or SKILL_ID). */
  readonly skillId: string;
  /** The verifier every request of the skill goes through (timed into the latency metrics). */
  readonly verifier: LinkingVerifier;
  /**
   * Adds the linking step to a skill builder and returns the builder. Call it after adding your
   * own handlers: ask-sdk tries them in the order they were added, and the step's error handler
   * answers every error. Handlers that do not need linking stay plain ask-sdk-core handlers.
   */
  applyTo<B extends CustomSkillBuilder>(builder: B): B;
  /** The skill behind the envelope checks, as the Lambda entry should call it. */
  guard(skill: Skill): GuardedSkill;
  /**
   * An `async (event, context)` Lambda handler for the skill (ask-sdk-core's `.lambda()` is
   * callback-style, which newer Node.js runtimes no longer call).
   */
  lambdaHandler(skill: Skill): (event: unknown, context?: unknown) => Promise<ResponseEnvelope>;
}

/** What a malformed envelope gets: the apology, and the session ends. */
export const MALFORMED_ENVELOPE_RESPONSE: ResponseEnvelope = {
  version: '1.0',
  response: {
    outputSpeech: { type: 'SSML', ssml: `<speak>${ERROR_REPLY.speech}</speak>` },
    shouldEndSession: true,
  },
};

/**
 * The linking step, built once per container (at module level): it reads and checks its settings
 * now, so a misconfigured function fails at its first start with every problem named.
 */
export function accountLinking(options: AccountLinkingOptions): AccountLinking {
  const skillName = options?.skillName;
  if (typeof skillName !== 'string' || skillName.trim() === '') {
    throw new TypeError(
      `accountLinking({ skillName }) needs the skill's name as users hear it, e.g. { skillName: 'Taxi Orders' }; received ${JSON.stringify(skillName)}.`
    );
  }
  const env = options.env ?? process.env;
  const logger = options.logger ?? sharedLogger;
  const skillId = options.skillId ?? withHint(() => loadSkillId(env));
  const verifier = timed(options.verifier ?? createLinkingVerifier({ env, logger }));
  const voiceForward =
    options.voiceForwardAccountLinking ?? env.VOICE_FORWARD_ACCOUNT_LINKING === 'enabled';
  const eventHandlers = skillEventHandlers(logger, env);
  const notLinked = (decision: NotLinked) => notLinkedReply(decision, skillName);
  const voiceForwardHandlers = voiceForward
    ? [voiceForwardResumedHandler(skillName, notLinked)]
    : [];
  const errorHandler = createErrorHandler(logger);

  const guard = (skill: Skill): GuardedSkill => ({
    async invoke(envelope, context) {
      const check = checkEnvelope(envelope, skillId);
      if (check.verdict === 'other-skill') throw new SkillIdMismatchError(check.field);
      if (check.verdict === 'malformed') {
        logger.warn('malformed envelope', { problem: check.problem });
        return structuredClone(MALFORMED_ENVELOPE_RESPONSE);
      }
      return skill.invoke(envelope as RequestEnvelope, context);
    },
  });

  return {
    skillId,
    verifier,
    applyTo(builder) {
      builder
        // The SDK refuses envelopes for any other skill before a handler runs.
        .withSkillId(skillId)
        .addRequestInterceptors((input) => {
          logger.appendKeys({ requestId: input.requestEnvelope.request.requestId });
          attachRequestLinking(input, verifier, notLinked, voiceForward ? skillName : undefined);
        })
        .addResponseInterceptors(async (input) => logOutcome(logger, input))
        .addRequestHandlers(...eventHandlers, ...voiceForwardHandlers)
        .addErrorHandlers(errorHandler);
      return builder;
    },
    guard,
    lambdaHandler(skill) {
      const guarded = guard(skill);
      return async (event, context) => guarded.invoke(event, context);
    },
  };
}

/**
 * The session Alexa resumes after the voice-forward hand-over, when the skill's own handlers did
 * not answer it: declined ends the session, linked says so (the request carries the new token),
 * anything else (no voice profile, an error) gets the card. Never a second hand-over.
 */
function voiceForwardResumedHandler(
  skillName: string,
  notLinked: (decision: NotLinked) => Reply
): RequestHandler {
  return {
    canHandle: (input) => voiceForwardOutcome(input.requestEnvelope.request) !== undefined,
    async handle(input) {
      const outcome = voiceForwardOutcome(input.requestEnvelope.request);
      if (outcome === 'denied') return respondWith(input, voiceForwardDeniedReply(skillName));
      if (outcome === 'linked') {
        const decision = await requestLinkingOf(input, 'Voice-forward linking').decision();
        if (isLinked(decision)) return respondWith(input, voiceForwardLinkedReply(skillName));
        return respondWith(input, notLinked(decision));
      }
      return respondWith(input, notLinked({ kind: 'unlinked' }));
    },
  };
}

function withHint<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof SkillConfigError ? withLinkingSettingsHint(error) : error;
  }
}

/** The verifier with its calls timed into the latency metrics. */
function timed(verifier: LinkingVerifier): LinkingVerifier {
  return withLatencyMetric(
    withLatencyMetric(verifier, 'decide', 'verification'),
    'profileOf',
    'profile'
  );
}

function createErrorHandler(logger: Logger): ErrorHandler {
  return {
    canHandle: () => true,
    handle(input, error) {
      logger.error('request failed', {
        errorName: error.name,
        errorMessage: redactTokens(error.message).slice(0, 500),
      });
      return respondWith(input, ERROR_REPLY);
    },
  };
}

/** One line per request: what was asked and the linking decision, never the token. */
async function logOutcome(logger: Logger, input: HandlerInput): Promise<void> {
  const requestType = getRequestType(input.requestEnvelope);
  const decision = await requestLinkingIfAny(input)?.decisionIfKnown();
  logger.info('request handled', {
    requestType,
    intent: requestType === 'IntentRequest' ? getIntentName(input.requestEnvelope) : undefined,
    linking: decision?.kind ?? 'not-checked',
    reason: decision && 'reason' in decision ? decision.reason : undefined,
  });
  logger.removeKeys(['requestId']);
  if (decision) skillMetrics().recordLinkingDecision(decision);
  skillMetrics().publish();
}
