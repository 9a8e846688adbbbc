/**
 * One Alexa skill lifecycle event in, handled, whichever function received it: the custom skill
 * (through ask-sdk, handlers.ts) or the smart home function (which routes `AlexaSkillEvent.*`
 * envelopes here instead of to its directive handler).
 *
 * SkillDisabled with `userInformationPersistenceStatus` NOT_PERSISTED erases what the project
 * stores for the user. Whose data that is depends on how the store is keyed:
 * - by Alexa's `userId` (no `linkedSubjects`): that ID, straight from `context.System.user`;
 * - by the linking server's stable user ID (the smart home device table): every subject the
 *   Alexa user ever linked, from the LinkedSubjects records verified tokens wrote (each
 *   SkillAccountLinked carries the freshly issued token, so a re-link adds a subject rather than
 *   replacing one), plus the subject of `context.System.user.accessToken` when the
 *   LinkingVerifier port says it is valid. An expired token is not trusted for its subject: the
 *   port cannot vouch for a token it refuses (and Login with Amazon's opaque tokens cannot be
 *   read at all once expired), which is why the records exist.
 *
 * Every event is logged (never a user ID or a token) and counted. Handling an event twice is
 * harmless: data already gone erases nothing. A store failure is thrown, so Lambda reports an
 * error and Alexa delivers the event again (it retries for up to an hour).
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import { linkFingerprint } from '../core/smart-home/device-table-keys';
import type { LinkingVerifier } from '../verifiers/linking-verifier';
import type { LinkedSubjects } from './linked-subjects';
import type { UserDataEraser } from './user-data-eraser';

export const SKILL_EVENT_PREFIX = 'AlexaSkillEvent.';
export const SKILL_DISABLED = 'AlexaSkillEvent.SkillDisabled';

/** The slice of a logger the handler uses. */
export interface SkillEventLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** The slice of SkillMetrics (lambda/adapters/metrics.ts) events are counted with. */
export interface SkillEventMetrics {
  recordSkillEvent(eventType: string, erasedItems?: number): void;
}

export interface SkillEventDependencies {
  readonly logger: SkillEventLog;
  /**
   * The store keyed by Alexa's userId, when the project has one (not used with `linkedAccounts`).
   * @default - nothing stored per Alexa user: disabling erases nothing
   */
  readonly eraser?: UserDataEraser;
  /**
   * For a store keyed by the linking server's user ID: the verifier that reads the subject from
   * the event's access token, and where each Alexa user's subjects are remembered and erased.
   * @default - the store is keyed by Alexa's userId
   */
  readonly linkedAccounts?: {
    readonly verifier: LinkingVerifier;
    readonly subjects: LinkedSubjects;
  };
  readonly metrics: () => SkillEventMetrics;
}

export interface SkillEventResult {
  readonly eventType: string;
  /** Items deleted, when the event was a SkillDisabled that erases. */
  readonly erasedItems?: number;
}

/** Handles one skill event envelope; resolves to its type and the items it erased. */
export type SkillEventHandler = (envelope: unknown) => Promise<SkillEventResult>;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** True exactly when the envelope is an Alexa skill event (`request.type` is `AlexaSkillEvent.*`). */
export function isSkillEventEnvelope(envelope: unknown): boolean {
  const request = isObject(envelope) ? envelope.request : undefined;
  return (
    isObject(request) &&
    typeof request.type === 'string' &&
    request.type.startsWith(SKILL_EVENT_PREFIX)
  );
}

/** Event types are logged and used as a dimension: plain and short, or replaced. */
const PLAIN_EVENT_TYPE = /^AlexaSkillEvent\.[A-Za-z]{1,64}$/;

/**
 * Builds the skill event handler: logs and counts every event, and on SkillDisabled with
 * NOT_PERSISTED erases the user's stored data (see this module's comment for whose).
 */
export function createSkillEventHandler(deps: SkillEventDependencies): SkillEventHandler {
  return async (envelope) => {
    const request = isObject(envelope) && isObject(envelope.request) ? envelope.request : {};
    const eventType =
      typeof request.type === 'string' && PLAIN_EVENT_TYPE.test(request.type)
        ? request.type
        : 'AlexaSkillEvent.Unknown';
    const body = isObject(request.body) ? request.body : {};
    const persistence = nonEmptyString(body.userInformationPersistenceStatus);
    const context = isObject(envelope) && isObject(envelope.context) ? envelope.context : {};
    const system = isObject(context.System) ? context.System : {};
    const user = isObject(system.user) ? system.user : {};
    const alexaUserId = nonEmptyString(user.userId);
    // SkillAccountLinked carries the new token in its body; other events of a linked user carry
    // the current one in context.System.user.
    const accessToken = nonEmptyString(body.accessToken) ?? nonEmptyString(user.accessToken);

    const subject = await verifiedSubject(accessToken);
    const fromToken =
      subject !== undefined && accessToken !== undefined
        ? { subject, link: linkFingerprint(accessToken) }
        : undefined;
    const linked = deps.linkedAccounts;
    const erases =
      eventType === SKILL_DISABLED &&
      persistence === 'NOT_PERSISTED' &&
      (linked !== undefined || deps.eraser !== undefined);
    let erasedItems: number | undefined;
    if (erases) {
      erasedItems =
        alexaUserId === undefined
          ? 0
          : linked
            ? await linked.subjects.erase(alexaUserId, fromToken)
            : ((await deps.eraser?.eraseUser(alexaUserId)) ?? 0);
    } else if (linked && alexaUserId !== undefined && fromToken !== undefined) {
      await linked.subjects.remember(alexaUserId, fromToken.subject, fromToken.link);
    }

    // Never the user ID, the subject or the body: SkillAccountLinked's body carries a token.
    deps.logger.info('skill event', {
      eventType,
      userInformationPersistenceStatus: persistence,
      ...(linked && {
        linkedAccount:
          accessToken === undefined
            ? 'no token'
            : subject
              ? 'token verified'
              : 'token not verified',
      }),
      erasedItems,
    });
    deps.metrics().recordSkillEvent(eventType, erasedItems);
    return { eventType, erasedItems };
  };

  async function verifiedSubject(accessToken: string | undefined): Promise<string | undefined> {
    const verifier = deps.linkedAccounts?.verifier;
    if (!verifier || accessToken === undefined) return undefined;
    const decision = await verifier.decide(accessToken);
    if (decision.kind === 'linked') return decision.user.userId;
    // Expired, refused or unverifiable: the subject is not trusted; the stored one may still be.
    deps.logger.warn('skill event token not used', {
      decision: decision.kind === 'unlinked' ? 'unlinked' : `${decision.kind}:${decision.reason}`,
    });
    return undefined;
  }
}
