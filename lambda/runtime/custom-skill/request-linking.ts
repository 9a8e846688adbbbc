import type { HandlerInput } from 'ask-sdk-core';
import type { LinkingDecision } from '../../core/linking-decision';
import type { LinkingVerifier } from '../../verifiers/linking-verifier';

const DECISION = Symbol('linkingDecision');

type RequestAttributes = Record<string | symbol, unknown>;

/**
 * The linking decision for this request, worked out on first use and remembered for the rest of
 * the request, so requests that do not need it (Stop, SessionEnded) never verify anything.
 */
export function linkingDecisionOf(
  input: HandlerInput,
  verifier: LinkingVerifier
): Promise<LinkingDecision> {
  const attributes = input.attributesManager.getRequestAttributes() as RequestAttributes;
  const known = attributes[DECISION] as Promise<LinkingDecision> | undefined;
  if (known) return known;
  const decision = verifier.decide(accessTokenOf(input));
  attributes[DECISION] = decision;
  return decision;
}

/** The decision if this request needed one, for logging; never starts a verification. */
export function decisionIfKnown(input: HandlerInput): Promise<LinkingDecision> | undefined {
  return (input.attributesManager.getRequestAttributes() as RequestAttributes)[DECISION] as
    Promise<LinkingDecision> | undefined;
}

/** Alexa puts the linked account's access token in `context.System.user.accessToken`. */
export function accessTokenOf(input: HandlerInput): unknown {
  return input.requestEnvelope.context?.System?.user?.accessToken;
}
