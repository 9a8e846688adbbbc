/**
 * Which error a linking decision becomes. This is where a link lives or dies: Alexa unlinks the
 * user on EXPIRED_AUTHORIZATION_CREDENTIAL and INVALID_AUTHORIZATION_CREDENTIAL, so those two are
 * sent only when the token itself is at fault, never for an outage on our side.
 */
import type { InvalidTokenReason, LinkingDecision } from '../linking-decision';
import type { AlexaError } from './events';

/**
 * Whether each reason says the token can never be good. A record rather than a list, so a new
 * reason does not compile until it is classified here. `not-yet-valid` is false on purpose: a
 * token from the future is far more often a skewed clock on one side than a forgery, and
 * unlinking the user for a clock would be the wrong trade. `expired` has its own error.
 */
const DEFINITELY_BAD: Readonly<Record<Exclude<InvalidTokenReason, 'expired'>, boolean>> = {
  'not-yet-valid': false,
  'wrong-client': true,
  'wrong-token-use': true,
  'wrong-issuer': true,
  'bad-signature': true,
  malformed: true,
  'machine-to-machine': true,
  // The issuer itself (Login with Amazon's token-info) says the token is not valid.
  'refused-by-server': true,
};

/** The error for a decision that is not `linked`; undefined for a linked user. */
export function errorForDecision(decision: LinkingDecision): AlexaError | undefined {
  switch (decision.kind) {
    case 'linked':
      return undefined;
    case 'unlinked':
      // Alexa sends smart home directives only for linked users, with the token: one without is
      // a malformed directive, not a reason to drop the link.
      return { type: 'INVALID_DIRECTIVE', message: 'The directive carries no bearer token.' };
    case 'unverifiable':
      return {
        type: 'INTERNAL_ERROR',
        message: 'The linking server could not be reached to verify the token; try again.',
      };
    case 'invalid':
      if (decision.reason === 'expired') {
        return {
          type: 'EXPIRED_AUTHORIZATION_CREDENTIAL',
          message: 'The access token has expired.',
        };
      }
      if (DEFINITELY_BAD[decision.reason]) {
        return {
          type: 'INVALID_AUTHORIZATION_CREDENTIAL',
          message: `The access token was refused (${decision.reason}).`,
        };
      }
      return {
        type: 'INTERNAL_ERROR',
        message: `The access token could not be accepted right now (${decision.reason}).`,
      };
  }
}

/** A short, token-free description of a decision for the logs. */
export function describeDecision(decision: LinkingDecision): string {
  switch (decision.kind) {
    case 'linked':
      return 'linked';
    case 'unlinked':
      return 'unlinked';
    case 'invalid':
    case 'unverifiable':
      return `${decision.kind}:${decision.reason}`;
  }
}
