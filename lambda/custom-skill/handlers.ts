import {
  getIntentName,
  getRequestType,
  type ErrorHandler,
  type HandlerInput,
  type RequestHandler,
} from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { isLinked } from '../core/linking-decision';
import { redactTokens } from '../core/redact';
import {
  ERROR_REPLY,
  GOODBYE_REPLY,
  fallbackReply,
  helpReply,
  launchReply,
  notLinkedReply,
  whichAccountReply,
  type Reply,
  type UserProfile,
} from '../core/replies';
import {
  START_VOICE_FORWARD_LINKING,
  VOICE_FORWARD_DENIED_REPLY,
  VOICE_FORWARD_LINKING_PROMPT,
  voiceForwardOutcome,
} from '../core/voice-forward-linking';
import type { LinkingDecision } from '../core/linking-decision';
import type { SkillDependencies } from './dependencies';
import { accessTokenOf, linkingDecisionOf } from './request-linking';

function respond(input: HandlerInput, reply: Reply): Response {
  const builder = input.responseBuilder.speak(reply.speech);
  if (reply.reprompt !== undefined) builder.reprompt(reply.reprompt);
  if (reply.linkAccountCard) builder.withLinkAccountCard();
  return builder.withShouldEndSession(reply.endSession).getResponse();
}

const isIntent = (input: HandlerInput, ...names: string[]) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  names.includes(getIntentName(input.requestEnvelope));

/** The skill's request handlers, in the order the SDK tries them. */
export function createHandlers(deps: SkillDependencies): RequestHandler[] {
  const decisionOf = (input: HandlerInput) => linkingDecisionOf(input, deps.verifier);
  /**
   * A reply for this decision: with voice-forward linking on, a user with no link at all is handed
   * to Amazon's linking skill instead of being sent the card (`voice` is off once that has run).
   */
  const replyTo = (input: HandlerInput, decision: LinkingDecision, reply: Reply, voice = true) =>
    voice &&
    deps.voiceForwardAccountLinking &&
    decision.kind === 'unlinked' &&
    reply.linkAccountCard
      ? input.responseBuilder
          .speak(VOICE_FORWARD_LINKING_PROMPT)
          .addDirective(START_VOICE_FORWARD_LINKING)
          .getResponse()
      : respond(input, reply);
  /** A request only a linked user gets an answer to: everyone else is told how to link. */
  const forLinkedUsers =
    (replyFor: (profile: UserProfile | undefined) => Reply, voice = true) =>
    async (input: HandlerInput) => {
      const decision = await decisionOf(input);
      if (!isLinked(decision)) return replyTo(input, decision, notLinkedReply(decision), voice);
      const profile = await deps.verifier.profileOf(decision.user, accessTokenOf(input) as string);
      return respond(input, replyFor(profile));
    };

  const launch: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
    handle: forLinkedUsers(launchReply),
  };

  const whichAccount: RequestHandler = {
    canHandle: (input) => isIntent(input, 'WhichAccountIntent'),
    handle: forLinkedUsers(whichAccountReply),
  };

  const help: RequestHandler = {
    canHandle: (input) => isIntent(input, 'AMAZON.HelpIntent'),
    async handle(input) {
      const decision = await decisionOf(input);
      return replyTo(input, decision, helpReply(decision));
    },
  };

  const stop: RequestHandler = {
    // Saying stop never needs a linked account: no verification, no card.
    canHandle: (input) =>
      isIntent(input, 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'),
    handle: (input) => respond(input, GOODBYE_REPLY),
  };

  const fallback: RequestHandler = {
    // Any other intent the model may send lands here too.
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'IntentRequest',
    async handle(input) {
      const decision = await decisionOf(input);
      return replyTo(input, decision, fallbackReply(decision));
    },
  };

  const sessionEnded: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
    handle(input) {
      const request = input.requestEnvelope.request as { reason?: string };
      deps.logger.info('session ended', { sessionEndedReason: request.reason });
      return input.responseBuilder.getResponse();
    },
  };

  // Alexa resumes the session when Amazon's voice-forward linking skill is done: linked, the
  // request carries the new token and the user is greeted; declined, the session ends; anything
  // else (no voice profile, an error), the card. Never a second hand-over.
  const voiceForwardResumed: RequestHandler = {
    canHandle: (input) => voiceForwardOutcome(input.requestEnvelope.request) !== undefined,
    async handle(input) {
      const outcome = voiceForwardOutcome(input.requestEnvelope.request);
      if (outcome === 'denied') return respond(input, VOICE_FORWARD_DENIED_REPLY);
      if (outcome === 'linked') return forLinkedUsers(launchReply, false)(input);
      return respond(input, notLinkedReply({ kind: 'unlinked' }));
    },
  };

  return [launch, whichAccount, help, stop, fallback, voiceForwardResumed, sessionEnded];
}

export function createErrorHandler(deps: SkillDependencies): ErrorHandler {
  return {
    canHandle: () => true,
    handle(input, error) {
      deps.logger.error('request failed', {
        errorName: error.name,
        errorMessage: redactTokens(error.message).slice(0, 500),
      });
      return respond(input, ERROR_REPLY);
    },
  };
}
