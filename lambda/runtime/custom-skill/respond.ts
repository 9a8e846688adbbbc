import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { Reply } from '../../core/replies';

/** The response for a Reply: its speech, its reprompt, the LinkAccount card when it asks for one. */
export function respondWith(input: HandlerInput, reply: Reply): Response {
  const builder = input.responseBuilder.speak(reply.speech);
  if (reply.reprompt !== undefined) builder.reprompt(reply.reprompt);
  if (reply.linkAccountCard) builder.withLinkAccountCard();
  return builder.withShouldEndSession(reply.endSession).getResponse();
}
