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
import type { SkillDependencies } from './dependencies';
import { accessTokenOf, linkingDecisionOf } from '../runtime/custom-skill/request-linking';

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
  /** A request only a linked user gets an answer to: everyone else is told how to link. */
  const forLinkedUsers =
    (replyFor: (profile: UserProfile | undefined) => Reply) => async (input: HandlerInput) => {
      const decision = await decisionOf(input);
      if (!isLinked(decision)) return respond(input, notLinkedReply(decision));
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
      return respond(input, helpReply(await decisionOf(input)));
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
      return respond(input, fallbackReply(await decisionOf(input)));
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

  return [launch, whichAccount, help, stop, fallback, sessionEnded];
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
