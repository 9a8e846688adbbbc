import { getRequestType, type HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { Reply } from '../../core/replies';
import {
  START_VOICE_FORWARD_LINKING,
  voiceForwardLinkingPrompt,
} from '../../core/voice-forward-linking';
import { requestLinkingIfAny } from './request-linking';

/**
 * The response for a Reply: its speech, its reprompt, the LinkAccount card when it asks for one.
 * With voice-forward account linking on, a user with no link at all is handed to Amazon's linking
 * skill instead of being sent the card; never on the request that resumes after that hand-over.
 */
export function respondWith(input: HandlerInput, reply: Reply): Response {
  if (reply.linkAccountCard) {
    const handOver = voiceForwardHandOver(input);
    if (handOver) return handOver;
  }
  const builder = input.responseBuilder.speak(reply.speech);
  if (reply.reprompt !== undefined) builder.reprompt(reply.reprompt);
  if (reply.linkAccountCard) builder.withLinkAccountCard();
  return builder.withShouldEndSession(reply.endSession).getResponse();
}

/** Voice-forward linking is for a first link: an invalid or expired token still gets the card. */
function voiceForwardHandOver(input: HandlerInput): Response | undefined {
  const linking = requestLinkingIfAny(input);
  const skillName = linking?.voiceForwardSkillName;
  if (skillName === undefined || linking?.settledDecision()?.kind !== 'unlinked') return undefined;
  if (getRequestType(input.requestEnvelope) === 'SessionResumedRequest') return undefined;
  // Alexa keeps the session for the task: the response must not end it.
  return input.responseBuilder
    .speak(voiceForwardLinkingPrompt(skillName))
    .addDirective(START_VOICE_FORWARD_LINKING)
    .getResponse();
}
