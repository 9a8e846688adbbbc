/**
 * The device table's key layout, and which of its items an Alexa user's erasure deletes.
 *
 * Two kinds of partition, each behind its own prefix, so no value of one can name the other
 * (a linking server may let users choose their subject, `alexa-user#…` included):
 * - `subject#<subject>`: what belongs to a linked account (the subject from a verified token):
 *   `endpoint#<endpointId>` per device, `alexa-events-grant#<link>` per Alexa user's Amazon
 *   tokens from AcceptGrant, and `alexa-user#<Alexa userId>` per Alexa user linked to it (its
 *   `links` attribute lists that user's link fingerprints);
 * - `alexa-user#<Alexa userId>`: `linked-subject#<subject>` per account the Alexa user ever
 *   linked, so that erasure finds every one of them, not only the last.
 *
 * A link fingerprint is a hash of the access token Alexa received when the user linked: AcceptGrant
 * carries it as the grantee token and SkillAccountLinked in its body, and neither carries the
 * other's key (AcceptGrant has no Alexa user ID), so the hash is what ties an Alexa user to the
 * Amazon tokens granted for them. It is one-way: the token cannot be read back from the table.
 */
import { createHash } from 'node:crypto';

export const SUBJECT_PARTITION_PREFIX = 'subject#';
export const ALEXA_USER_PARTITION_PREFIX = 'alexa-user#';
export const ENDPOINT_ITEM_PREFIX = 'endpoint#';
export const GRANT_ITEM_PREFIX = 'alexa-events-grant#';
export const LINKED_SUBJECT_ITEM_PREFIX = 'linked-subject#';
/** In a subject's partition: one Alexa user linked to it. */
export const LINKED_ALEXA_USER_ITEM_PREFIX = 'alexa-user#';

export const subjectPartition = (subject: string): string => SUBJECT_PARTITION_PREFIX + subject;
export const alexaUserPartition = (alexaUserId: string): string =>
  ALEXA_USER_PARTITION_PREFIX + alexaUserId;
export const endpointItemId = (endpointId: string): string => ENDPOINT_ITEM_PREFIX + endpointId;
export const grantItemId = (link: string): string => GRANT_ITEM_PREFIX + link;
export const linkedSubjectItemId = (subject: string): string =>
  LINKED_SUBJECT_ITEM_PREFIX + subject;
export const linkedAlexaUserItemId = (alexaUserId: string): string =>
  LINKED_ALEXA_USER_ITEM_PREFIX + alexaUserId;

/** The link fingerprint of an access token: SHA-256, hex. */
export function linkFingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('hex');
}

/** One stored item's key. */
export interface ItemKey {
  readonly partition: string;
  readonly itemId: string;
}

/** An item of a subject's partition as erasure reads it: its ID and, for an Alexa user's item, its links. */
export interface SubjectItem {
  readonly itemId: string;
  readonly links?: readonly string[];
}

export interface ErasureInput {
  readonly alexaUserId: string;
  /** The item IDs in the Alexa user's own partition. */
  readonly alexaUserItems: readonly string[];
  /** Each subject the Alexa user is linked to, with the items of its partition. */
  readonly subjects: ReadonlyMap<string, readonly SubjectItem[]>;
  /** Fingerprints of the event's verified token, if any: links of this user even if unrecorded. */
  readonly eventLinks: readonly string[];
}

export interface ErasurePlan {
  /** The user's data: deleted first. */
  readonly data: readonly ItemKey[];
  /** The records of the user's links: deleted last, so a failure above leaves them for the retry. */
  readonly links: readonly ItemKey[];
}

/**
 * What disabling with NOT_PERSISTED deletes for one Alexa user. A subject no other Alexa user is
 * linked to goes whole (devices, every grant, the user's link item). A subject another Alexa user
 * still uses keeps its devices and the other users' grants: only this user's grants and link item
 * go. The user's own partition always goes.
 */
export function planErasure(input: ErasureInput): ErasurePlan {
  const ownItemId = linkedAlexaUserItemId(input.alexaUserId);
  const data: ItemKey[] = [];
  const links: ItemKey[] = [];
  for (const [subject, items] of input.subjects) {
    const partition = subjectPartition(subject);
    const own = items.find((item) => item.itemId === ownItemId);
    const shared = items.some(
      (item) => item.itemId.startsWith(LINKED_ALEXA_USER_ITEM_PREFIX) && item.itemId !== ownItemId
    );
    const mine = new Set([...(own?.links ?? []), ...input.eventLinks].map(grantItemId));
    for (const { itemId } of items) {
      if (itemId === ownItemId) links.push({ partition, itemId });
      else if (!shared || mine.has(itemId)) data.push({ partition, itemId });
    }
  }
  const partition = alexaUserPartition(input.alexaUserId);
  links.push(...input.alexaUserItems.map((itemId) => ({ partition, itemId })));
  return { data, links };
}

/** The subjects an Alexa user's partition records as linked. */
export function linkedSubjectsOf(alexaUserItems: readonly string[]): string[] {
  return alexaUserItems
    .filter((itemId) => itemId.startsWith(LINKED_SUBJECT_ITEM_PREFIX))
    .map((itemId) => itemId.slice(LINKED_SUBJECT_ITEM_PREFIX.length))
    .filter((subject) => subject !== '');
}
