/**
 * What the greeting skill says, as plain data: its own replies, built on the runtime's Reply and
 * SSML helpers. The not-linked answers come from the runtime (notLinkedReply), as every skill's do.
 */
import {
  MAX_SPOKEN_EMAIL,
  escapeSsml,
  firstName,
  notLinkedReply,
  speakable,
  type LinkingDecision,
  type Reply,
  type UserProfile,
} from '../runtime';

export const SKILL_NAME = 'Linked Greeter';

const WHAT_YOU_CAN_ASK = 'You can ask me which account is linked, or say stop.';

export function launchReply(profile: UserProfile | undefined): Reply {
  const name = firstName(profile?.givenName);
  const greeting = name ? `Welcome back, ${escapeSsml(name)}!` : 'Welcome back!';
  return {
    speech: `${greeting} ${WHAT_YOU_CAN_ASK}`,
    reprompt: WHAT_YOU_CAN_ASK,
    linkAccountCard: false,
    endSession: false,
  };
}

export function whichAccountReply(profile: UserProfile | undefined): Reply {
  const email = speakable(profile?.email ?? '', MAX_SPOKEN_EMAIL).trim();
  const speech = email
    ? `This skill is linked to the account ${escapeSsml(email)}.`
    : "Your account is linked, but I couldn't look up its email address right now.";
  return { speech, linkAccountCard: false, endSession: true };
}

export function helpReply(decision: LinkingDecision): Reply {
  if (decision.kind === 'linked') {
    return {
      speech: `${SKILL_NAME} greets you by name. ${WHAT_YOU_CAN_ASK}`,
      reprompt: WHAT_YOU_CAN_ASK,
      linkAccountCard: false,
      endSession: false,
    };
  }
  if (decision.kind === 'unverifiable') return notLinkedReply(decision, SKILL_NAME);
  return {
    speech: `${SKILL_NAME} greets you by name once your account is linked. I've sent a card to the Alexa app: open it to link your account.`,
    linkAccountCard: true,
    endSession: true,
  };
}

export function fallbackReply(decision: LinkingDecision): Reply {
  if (decision.kind !== 'linked') return notLinkedReply(decision, SKILL_NAME);
  return {
    speech: `Sorry, I can't help with that. ${WHAT_YOU_CAN_ASK}`,
    reprompt: WHAT_YOU_CAN_ASK,
    linkAccountCard: false,
    endSession: false,
  };
}

export const GOODBYE_REPLY: Reply = {
  speech: 'Goodbye!',
  linkAccountCard: false,
  endSession: true,
};
