/**
 * The greeting skill's own handlers, written as any skill on the runtime API would write them:
 * plain ask-sdk-core handlers, two of them marked linked users only.
 */
import {
  getIntentName,
  getRequestType,
  type HandlerInput,
  type RequestHandler,
} from 'ask-sdk-core';
import {
  linkedUsersOnly,
  linkingDecisionOf,
  respondWith,
  voiceForwardOutcome,
  type Logger,
} from '../runtime';
import {
  GOODBYE_REPLY,
  fallbackReply,
  helpReply,
  launchReply,
  whichAccountReply,
} from './greeting-replies';

const isIntent = (input: HandlerInput, ...names: string[]) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  names.includes(getIntentName(input.requestEnvelope));

/** The skill's request handlers, in the order the SDK tries them. */
export function createHandlers(logger: Pick<Logger, 'info'>): RequestHandler[] {
  const launch = linkedUsersOnly({
    // Also when Alexa resumes the session linked by voice (voice-forward account linking): the
    // request carries the new token, and the user is greeted as at launch.
    canHandle: (input) =>
      getRequestType(input.requestEnvelope) === 'LaunchRequest' ||
      voiceForwardOutcome(input.requestEnvelope.request) === 'linked',
    handle: async (input, { profile }) => respondWith(input, launchReply(await profile())),
  });

  const whichAccount = linkedUsersOnly({
    canHandle: (input) => isIntent(input, 'WhichAccountIntent'),
    handle: async (input, { profile }) => respondWith(input, whichAccountReply(await profile())),
  });

  const help: RequestHandler = {
    canHandle: (input) => isIntent(input, 'AMAZON.HelpIntent'),
    async handle(input) {
      return respondWith(input, helpReply(await linkingDecisionOf(input)));
    },
  };

  const stop: RequestHandler = {
    // Saying stop never needs a linked account: no verification, no card.
    canHandle: (input) =>
      isIntent(input, 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'),
    handle: (input) => respondWith(input, GOODBYE_REPLY),
  };

  const fallback: RequestHandler = {
    // Any other intent the model may send lands here too.
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'IntentRequest',
    async handle(input) {
      return respondWith(input, fallbackReply(await linkingDecisionOf(input)));
    },
  };

  const sessionEnded: RequestHandler = {
    canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
    handle(input) {
      const request = input.requestEnvelope.request as { reason?: string };
      logger.info('session ended', { sessionEndedReason: request.reason });
      return input.responseBuilder.getResponse();
    },
  };

  return [launch, whichAccount, help, stop, fallback, sessionEnded];
}
