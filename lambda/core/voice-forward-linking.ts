/**
 * Voice-forward account linking (Login with Amazon only): instead of a LinkAccount card, the skill
 * hands the user to Amazon's own linking skill through skill connections, and Alexa resumes the
 * session with the outcome. Pure: the directive, and what a SessionResumedRequest means.
 * @see https://developer.amazon.com/docs/account-linking/voice-forward-account-linking-implementation-details.html
 */
import { escapeSsml, type Reply } from './replies';

/** Echoed back in the SessionResumedRequest, so the skill knows the resumption is its own. */
export const VOICE_FORWARD_LINKING_TOKEN = 'voice-forward-account-linking';

/** The task for Amazon's voice-forward account linking skill, resuming this session when done. */
export const START_VOICE_FORWARD_LINKING = {
  type: 'Connections.StartConnection',
  uri: 'connection://AMAZON.AskForAccountLinking/1',
  onCompletion: 'RESUME_SESSION',
  input: { '@version': '1', '@type': 'AskForAccountLinking' },
  token: VOICE_FORWARD_LINKING_TOKEN,
} as const;

/** Said as the task starts; Alexa then asks the user's consent in its own words. */
export function voiceForwardLinkingPrompt(skillName: string): string {
  return `To use ${escapeSsml(skillName)}, let's link your Amazon account.`;
}

/** How the linking task ended, or undefined when the request is no resumption of it. */
export type VoiceForwardOutcome = 'linked' | 'denied' | 'not-possible';

/**
 * How the voice-forward linking task ended, from a SessionResumedRequest; undefined for any other
 * request.
 */
export function voiceForwardOutcome(request: unknown): VoiceForwardOutcome | undefined {
  const r = request as {
    type?: unknown;
    cause?: {
      type?: unknown;
      token?: unknown;
      status?: { code?: unknown };
      result?: { status?: unknown };
    };
  };
  if (r?.type !== 'SessionResumedRequest') return undefined;
  if (r.cause?.type !== 'ConnectionCompleted' || r.cause.token !== VOICE_FORWARD_LINKING_TOKEN)
    return undefined;
  // A task that did not run (the code is a string in Alexa's requests) cannot have linked anyone.
  if (String(r.cause.status?.code) !== '200') return 'not-possible';
  switch (r.cause.result?.status) {
    case 'LINKED':
      return 'linked';
    case 'DENIED':
      return 'denied';
    // USER_REQUIREMENTS_NOT_MET (no voice profile, say) and anything new: the card still works.
    default:
      return 'not-possible';
  }
}

/** The user said no: nothing is sent, and the session ends. */
export function voiceForwardDeniedReply(skillName: string): Reply {
  return {
    speech: `Okay. You can link your ${escapeSsml(skillName)} account any time in the Alexa app.`,
    linkAccountCard: false,
    endSession: true,
  };
}

/** Linked by voice, in a skill with no answer of its own for that: the session goes on. */
export function voiceForwardLinkedReply(skillName: string): Reply {
  const next = 'What would you like to do?';
  return {
    speech: `Your ${escapeSsml(skillName)} account is linked. ${next}`,
    reprompt: next,
    linkAccountCard: false,
    endSession: false,
  };
}
