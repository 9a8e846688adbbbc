/**
 * What a skill event says, read from whatever Lambda was given, and the decisions taken from it
 * alone: whether a body is a skill event, whether a smart home function answers it as one (or
 * refuses it for another skill), and whether it erases the user's data. Pure: no SDK, no I/O.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import { checkEnvelope } from '../core/envelope-check';

export const SKILL_EVENT_PREFIX = 'AlexaSkillEvent.';
export const SKILL_DISABLED = 'AlexaSkillEvent.SkillDisabled';
/** The event type logged and counted for a type that is not plain (see readSkillEvent). */
export const UNKNOWN_SKILL_EVENT = 'AlexaSkillEvent.Unknown';

/** One skill event, as far as the handler uses it: never logged whole (it may carry a token). */
export interface SkillEventRequest {
  /** `AlexaSkillEvent.<Name>`, or UNKNOWN_SKILL_EVENT when the type is not plain. */
  readonly eventType: string;
  /** SkillDisabled's `userInformationPersistenceStatus` (PERSISTED, NOT_PERSISTED). */
  readonly persistence?: string;
  /** Alexa's user ID for the skill (`context.System.user.userId`). */
  readonly alexaUserId?: string;
  /**
   * The linked account's access token: SkillAccountLinked's new one in its body, else the
   * current one in `context.System.user`.
   */
  readonly accessToken?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: Json, key: string): Json => {
  const found = value[key];
  return isObject(found) ? found : {};
};
const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Event types are logged and used as a metric dimension: plain and short, or replaced. */
const PLAIN_EVENT_TYPE = /^AlexaSkillEvent\.[A-Za-z]{1,64}$/;

/** True exactly when the envelope is an Alexa skill event (`request.type` is `AlexaSkillEvent.*`). */
export function isSkillEventEnvelope(envelope: unknown): boolean {
  const request = isObject(envelope) ? envelope.request : undefined;
  return (
    isObject(request) &&
    typeof request.type === 'string' &&
    request.type.startsWith(SKILL_EVENT_PREFIX)
  );
}

/** Reads a skill event; a field missing or of the wrong type is absent, never an error. */
export function readSkillEvent(envelope: unknown): SkillEventRequest {
  const root = isObject(envelope) ? envelope : {};
  const request = objectAt(root, 'request');
  const body = objectAt(request, 'body');
  const user = objectAt(objectAt(objectAt(root, 'context'), 'System'), 'user');
  const type = request.type;
  return {
    eventType: typeof type === 'string' && PLAIN_EVENT_TYPE.test(type) ? type : UNKNOWN_SKILL_EVENT,
    persistence: nonEmptyString(body.userInformationPersistenceStatus),
    alexaUserId: nonEmptyString(user.userId),
    accessToken: nonEmptyString(body.accessToken) ?? nonEmptyString(user.accessToken),
  };
}

/**
 * True exactly when the event asks for the user's data to go: SkillDisabled with
 * NOT_PERSISTED (a user who disables with PERSISTED keeps their data for a later enable).
 */
export function erasesUserData(event: SkillEventRequest): boolean {
  return event.eventType === SKILL_DISABLED && event.persistence === 'NOT_PERSISTED';
}

/**
 * Where a smart home function sends what it was given: a directive to the directive handler, a
 * skill event for this skill to the skill event handler, and a skill event that names another
 * skill nowhere (refused, naming the field). Directives carry no skill ID: the invoke
 * permission's EventSourceToken is their check.
 */
export type SmartHomeRoute =
  | { readonly to: 'directive' }
  | { readonly to: 'skill-event' }
  | { readonly to: 'refused'; readonly field: string };

/** Routes one invocation of a smart home function whose skill is `skillId`. */
export function routeSmartHomeInvocation(event: unknown, skillId: string): SmartHomeRoute {
  if (!isSkillEventEnvelope(event)) return { to: 'directive' };
  // The skill ID first, as the custom skill checks it: an event for another skill erases nothing.
  const check = checkEnvelope(event, skillId);
  return check.verdict === 'other-skill'
    ? { to: 'refused', field: check.field }
    : { to: 'skill-event' };
}
