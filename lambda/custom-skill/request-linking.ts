import type { HandlerInput } from 'ask-sdk-core';
import type { AccessTokenVerifier } from '../verifiers/cognito/access-token-verifier';
import { decideLinking, screenAccessToken, type LinkingDecision } from '../core/linking-decision';

const DECISION = Symbol('linkingDecision');

type RequestAttributes = Record<string | symbol, unknown>;

/**
 * The linking decision for this request, worked out on first use and remembered for the rest of
 * the request, so requests that do not need it (Stop, SessionEnded) never verify anything.
 */
export function linkingDecisionOf(
  input: HandlerInput,
  verifier: AccessTokenVerifier
): Promise<LinkingDecision> {
  const attributes = input.attributesManager.getRequestAttributes() as RequestAttributes;
  const known = attributes[DECISION] as Promise<LinkingDecision> | undefined;
  if (known) return known;
  const decision = decide(accessTokenOf(input), verifier);
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

async function decide(token: unknown, verifier: AccessTokenVerifier): Promise<LinkingDecision> {
  const screened = screenAccessToken(token);
  return screened === 'verify' ? decideLinking(await verifier.verify(token as string)) : screened;
}
