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
 *   read at all once expired), which is why the records exist;
 * - by the linking server's user ID in a store of the skill's own (a device cloud): `forgetUser`
 *   is called with the user of the event's token, when the LinkingVerifier port says it is valid.
 *
 * Every event is logged (never a user ID or a token) and counted. Handling an event twice is
 * harmless: data already gone erases nothing. A store failure is thrown, so Lambda reports an
 * error and Alexa delivers the event again (it retries for up to an hour).
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import type { LinkedUser } from '../core/linking-decision';
import { linkFingerprint } from '../core/smart-home/device-table-keys';
import type { LinkingVerifier } from '../verifiers/linking-verifier';
import type { LinkedSubjects } from './linked-subjects';
import { erasesUserData, readSkillEvent } from './skill-event-request';
import type { UserDataEraser } from './user-data-eraser';

export { SKILL_DISABLED, SKILL_EVENT_PREFIX, isSkillEventEnvelope } from './skill-event-request';

/** The slice of a logger the handler uses. */
export interface SkillEventLog {
  /** Logs each event handled: its type, the persistence status and what was erased. */
  info(message: string, attributes: Record<string, unknown>): void;
  /** Logs an event's token that was not used to find the user (expired, refused, unverifiable). */
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** The slice of SkillMetrics (lambda/adapters/metrics.ts) events are counted with. */
export interface SkillEventMetrics {
  /** Counts the event by type, and the items it erased. */
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
   * the event's access token, where each Alexa user's subjects are remembered and erased, and
   * what else of the user's to forget.
   * @default - the store is keyed by Alexa's userId
   */
  readonly linkedAccounts?: LinkedAccounts;
  readonly metrics: () => SkillEventMetrics;
}

/** How a skill whose data is keyed by the linking server's user ID finds and erases it. */
export interface LinkedAccounts {
  /** Reads the linking server's user from the event's access token. */
  readonly verifier: LinkingVerifier;
  /** Where each Alexa user's linked accounts are remembered, and their data erased. */
  readonly subjects?: LinkedSubjects;
  /** Erases what is yours for the linked user of the event's verified token. */
  readonly forgetUser?: (user: LinkedUser) => Promise<void>;
}

export interface SkillEventResult {
  readonly eventType: string;
  /** Items deleted, when the event was a SkillDisabled that erases. */
  readonly erasedItems?: number;
}

/** Handles one skill event envelope; resolves to its type and the items it erased. */
export type SkillEventHandler = (envelope: unknown) => Promise<SkillEventResult>;

/**
 * Builds the skill event handler: logs and counts every event, and on SkillDisabled with
 * NOT_PERSISTED erases the user's stored data (see this module's comment for whose).
 */
export function createSkillEventHandler(deps: SkillEventDependencies): SkillEventHandler {
  return async (envelope) => {
    const event = readSkillEvent(envelope);
    const { eventType, alexaUserId, accessToken } = event;
    const user = await verifiedUser(accessToken);
    const fromToken =
      user !== undefined && accessToken !== undefined
        ? { subject: user.userId, link: linkFingerprint(accessToken) }
        : undefined;
    const linked = deps.linkedAccounts;
    const erases = erasesUserData(event) && (linked !== undefined || deps.eraser !== undefined);
    let erasedItems: number | undefined;
    let forgotUser: boolean | undefined;
    if (erases) {
      erasedItems =
        alexaUserId === undefined
          ? 0
          : linked
            ? ((await linked.subjects?.erase(alexaUserId, fromToken)) ?? 0)
            : ((await deps.eraser?.eraseUser(alexaUserId)) ?? 0);
      if (linked?.forgetUser) {
        // Only a user the verifier vouches for: an unverified token names nobody.
        if (user) await linked.forgetUser(user);
        forgotUser = user !== undefined;
      }
    } else if (linked?.subjects && alexaUserId !== undefined && fromToken !== undefined) {
      await linked.subjects.remember(alexaUserId, fromToken.subject, fromToken.link);
    }

    // Never the user ID, the subject or the body: SkillAccountLinked's body carries a token.
    deps.logger.info('skill event', {
      eventType,
      userInformationPersistenceStatus: event.persistence,
      ...(linked && {
        linkedAccount:
          accessToken === undefined ? 'no token' : user ? 'token verified' : 'token not verified',
      }),
      erasedItems,
      ...(forgotUser !== undefined && { forgotUser }),
    });
    deps.metrics().recordSkillEvent(eventType, erasedItems);
    return { eventType, erasedItems };
  };

  async function verifiedUser(accessToken: string | undefined): Promise<LinkedUser | undefined> {
    const verifier = deps.linkedAccounts?.verifier;
    if (!verifier || accessToken === undefined) return undefined;
    const decision = await verifier.decide(accessToken);
    if (decision.kind === 'linked') return decision.user;
    // Expired, refused or unverifiable: the subject is not trusted; the stored one may still be.
    deps.logger.warn('skill event token not used', {
      decision: decision.kind === 'unlinked' ? 'unlinked' : `${decision.kind}:${decision.reason}`,
    });
    return undefined;
  }
}
