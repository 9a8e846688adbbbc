/**
 * "Linked users only" for an ask-sdk-core request handler: its code runs for a linked user and
 * receives that user; everyone else gets the linking step's answer (the LinkAccount card when
 * unlinked or invalid, "try again in a moment" when the token cannot be checked right now).
 */
import type { HandlerInput, RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { isLinked, type LinkedUser } from '../../core/linking-decision';
import type { UserProfile } from '../../core/replies';
import { requestLinkingOf } from './request-linking';
import { respondWith } from './respond';

/** What a linked-users-only handler receives besides the handler input. */
export interface LinkedRequest {
  /** The verified user: the linking server's stable user ID and the token's scopes. */
  readonly user: LinkedUser;
  /**
   * The user's name and email from the linking server, looked up on first call and kept for the
   * request; undefined when the server cannot answer in time (answer without it).
   */
  profile(): Promise<UserProfile | undefined>;
}

/** An ask-sdk-core RequestHandler whose `handle` also receives the linked user. */
export interface LinkedUsersRequestHandler {
  /** As ask-sdk-core's: whether this handler takes the request. */
  canHandle(input: HandlerInput): boolean | Promise<boolean>;
  /** Called for linked users only, with the verified user and a lazy profile lookup. */
  handle(input: HandlerInput, linked: LinkedRequest): Response | Promise<Response>;
}

/** The handler as ask-sdk-core takes it, answering only linked users with its own code. */
export function linkedUsersOnly(handler: LinkedUsersRequestHandler): RequestHandler {
  if (typeof handler?.canHandle !== 'function' || typeof handler.handle !== 'function') {
    throw new TypeError(
      `linkedUsersOnly(handler) takes a request handler with canHandle(input) and handle(input, linked) methods; received ${describe(handler)}.`
    );
  }
  return {
    canHandle: (input) => handler.canHandle(input),
    async handle(input) {
      const linking = requestLinkingOf(input, 'A handler marked linkedUsersOnly');
      const decision = await linking.decision();
      if (!isLinked(decision)) return respondWith(input, linking.notLinkedReply(decision));
      const { user } = decision;
      return handler.handle(input, { user, profile: () => linking.profileOf(user) });
    },
  };
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an object without methods' : `an object with ${keys.join(', ')}`;
}
