/**
 * What any skill on the runtime API says when the linking step answers for it (not linked, can't
 * check, something went wrong), as plain data, and the SSML helpers for speech built from a
 * user's profile. The ask-sdk glue turns a Reply into a response; keeping the choice here makes
 * every branch testable without an envelope. (The greeting's own replies are in
 * lambda/custom-skill/greeting-replies.ts.)
 */
import type { LinkingDecision } from './linking-decision';

/** What the skill says, as plain data the ask-sdk glue turns into a response. */
export interface Reply {
  /** Plain text or SSML fragments, already escaped; the SDK wraps it in <speak>. */
  readonly speech: string;
  /**
   * Said again if the user says nothing; present exactly when the session stays open.
   * @default - no reprompt: the session ends
   */
  readonly reprompt?: string;
  /** Whether to send the LinkAccount card to the Alexa app. */
  readonly linkAccountCard: boolean;
  /** Whether the session ends after this reply. */
  readonly endSession: boolean;
}

/** What the skill knows about a linked user from the userInfo endpoint. */
export interface UserProfile {
  /**
   * The user's first name (`given_name`).
   * @default - not known: the scope or the server does not give it
   */
  readonly givenName?: string;
  /**
   * The user's email address (`email`).
   * @default - not known: the scope or the server does not give it
   */
  readonly email?: string;
}

/** Every decision but `linked`: what notLinkedReply answers. */
export type NotLinked = Exclude<LinkingDecision, { kind: 'linked' }>;

/**
 * A user without a usable link: tell them how to link, or to retry if only the check failed.
 * `skillName` is spoken as given: plain text, escaped here for SSML.
 */
export function notLinkedReply(decision: NotLinked, skillName: string): Reply {
  const name = escapeSsml(skillName);
  switch (decision.kind) {
    case 'unverifiable':
      // The link itself may be fine: no card, just a retry.
      return {
        speech: `Sorry, I can't check your ${name} account right now. Please try again in a moment.`,
        linkAccountCard: false,
        endSession: true,
      };
    case 'invalid':
      return {
        speech:
          decision.reason === 'expired'
            ? `Your ${name} account link needs renewing. I've sent a card to the Alexa app: open it to link your account again.`
            : `I couldn't verify your ${name} account link. I've sent a card to the Alexa app: open it to link your account again.`,
        linkAccountCard: true,
        endSession: true,
      };
    case 'unlinked':
      return {
        speech: `To use ${name}, link your account first. I've sent a card to the Alexa app to get you started.`,
        linkAccountCard: true,
        endSession: true,
      };
  }
}

/** Alexa refuses output speech longer than this many characters. */
export const MAX_SPEECH_LENGTH = 8000;
/** The longest first name spoken, in characters (code points). */
export const MAX_SPOKEN_NAME = 40;
/** The longest email spoken (RFC 5321 allows no longer address), in characters (code points). */
export const MAX_SPOKEN_EMAIL = 254;

/** What the skill says when something failed on its side: an apology, no card, the session ends. */
export const ERROR_REPLY: Reply = {
  speech: 'Sorry, something went wrong on my side. Please try again later.',
  linkAccountCard: false,
  endSession: true,
};

/** The first word of a given name, or undefined if there is nothing speakable. */
export function firstName(givenName: string | undefined): string | undefined {
  // Cleaned before splitting: a forbidden character must not split or hide the name.
  const first = speakable(givenName ?? '', 4 * MAX_SPOKEN_NAME)
    .trim()
    .split(/\s/)[0];
  return first ? speakable(first, MAX_SPOKEN_NAME) : undefined;
}

// Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; lone surrogates;
// U+FFFE, U+FFFF), plus DEL and the C1 controls it discourages: any of them makes the SSML invalid.
// eslint-disable-next-line security/detect-unsafe-regex -- one negated character class: linear, no backtracking
const NOT_SPEAKABLE = /[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Text from a profile, made safe to put in SSML (before escaping): characters XML forbids
 * dropped, and cut to at most `maxCharacters` code points, so no surrogate pair is ever split.
 */
export function speakable(text: string, maxCharacters: number): string {
  // Bounded work for any input: more than this many UTF-16 units can never be needed (the slice
  // of a shorter text is the text).
  const bounded = text.slice(0, 8 * maxCharacters);
  return Array.from(bounded.replace(NOT_SPEAKABLE, '')).slice(0, maxCharacters).join('');
}

const SSML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** User-provided text is spoken inside SSML: escape it so it cannot break or inject markup. */
export function escapeSsml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => SSML_ESCAPES[c] ?? c);
}
