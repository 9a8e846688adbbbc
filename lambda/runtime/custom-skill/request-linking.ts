/**
 * The linking step's per-request state, kept in ask-sdk-core's request attributes: the linking
 * decision (worked out on first use and remembered for the rest of the request, so requests that
 * do not need it, such as Stop or SessionEnded, never verify anything), the linked user's profile
 * (looked up on first use) and the skill's answer for a user without a usable link.
 */
import type { HandlerInput } from 'ask-sdk-core';
import type { LinkedUser, LinkingDecision } from '../../core/linking-decision';
import type { NotLinked, Reply, UserProfile } from '../../core/replies';
import type { LinkingVerifier } from '../../verifiers/linking-verifier';

/** A registry symbol: two copies of the package (its ES module and CommonJS builds) share it. */
const REQUEST_LINKING = Symbol.for('alexa-account-linking.requestLinking');

type RequestAttributes = Record<string | symbol, unknown>;

export interface RequestLinking {
  /** The request's linking decision: one verification per request, on first call. */
  decision(): Promise<LinkingDecision>;
  /** The decision if something asked for it already, for logging; never starts a verification. */
  decisionIfKnown(): Promise<LinkingDecision> | undefined;
  /** The linked user's name and email: one lookup per request, on first call. */
  profileOf(user: LinkedUser): Promise<UserProfile | undefined>;
  /** What the skill says to a user without a usable link (the LinkAccount card, or "try again"). */
  notLinkedReply(decision: NotLinked): Reply;
  /** The decision once worked out (for answers built synchronously); undefined before. */
  settledDecision(): LinkingDecision | undefined;
  /**
   * With voice-forward account linking on (Login with Amazon), the skill's name for the hand-over
   * to Amazon's linking skill; undefined when it is off.
   */
  readonly voiceForwardSkillName: string | undefined;
}

/** A handler that needs the linking step ran in a skill built without it. */
export class LinkingStepMissingError extends Error {
  constructor(what: string) {
    super(
      `${what} needs the account linking step, and this skill was built without it. ` +
        'Add it to the skill builder: accountLinking({ skillName }).applyTo(SkillBuilders.custom()...) ' +
        '(from alexa-account-linking/runtime).'
    );
    this.name = 'LinkingStepMissingError';
  }
}

/** Alexa puts the linked account's access token in `context.System.user.accessToken`. */
export function accessTokenOf(input: HandlerInput): unknown {
  return input.requestEnvelope.context?.System?.user?.accessToken;
}

/** Puts the request's linking state in its request attributes (the linking step's interceptor). */
export function attachRequestLinking(
  input: HandlerInput,
  verifier: LinkingVerifier,
  notLinkedReply: (decision: NotLinked) => Reply,
  voiceForwardSkillName?: string
): void {
  let decision: Promise<LinkingDecision> | undefined;
  let settled: LinkingDecision | undefined;
  let profile: Promise<UserProfile | undefined> | undefined;
  const linking: RequestLinking = {
    decision: () =>
      (decision ??= verifier.decide(accessTokenOf(input)).then((known) => (settled = known))),
    decisionIfKnown: () => decision,
    settledDecision: () => settled,
    voiceForwardSkillName,
    // Only after `decide` said linked, so the token is a string.
    profileOf: (user) => (profile ??= verifier.profileOf(user, accessTokenOf(input) as string)),
    notLinkedReply,
  };
  const attributes = input.attributesManager.getRequestAttributes() as RequestAttributes;
  attributes[REQUEST_LINKING] = linking;
}

/** The request's linking state, or undefined in a skill built without the linking step. */
export function requestLinkingIfAny(input: HandlerInput): RequestLinking | undefined {
  const attributes = input.attributesManager.getRequestAttributes() as RequestAttributes;
  return attributes[REQUEST_LINKING] as RequestLinking | undefined;
}

/** The request's linking state; throws LinkingStepMissingError, naming `what`, without the step. */
export function requestLinkingOf(input: HandlerInput, what: string): RequestLinking {
  const linking = requestLinkingIfAny(input);
  if (!linking) throw new LinkingStepMissingError(what);
  return linking;
}

/**
 * The linking decision for this request (linked with the user, unlinked, invalid with a reason,
 * or unverifiable), for a handler that answers everyone but says something different to each.
 * Verifies the token on the request's first call only.
 */
export function linkingDecisionOf(input: HandlerInput): Promise<LinkingDecision> {
  return requestLinkingOf(input, 'linkingDecisionOf(handlerInput)').decision();
}
