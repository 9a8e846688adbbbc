/**
 * How an item written in the device table's first layout moves to the current one
 * (device-table-keys.ts), for the one-off `scripts/migrate-device-table.ts`:
 * - `<subject>` / `endpoint#<id>` (a bare subject as partition) -> `subject#<subject>` / same;
 * - `<subject>` / `alexa-events-grant` -> `subject#<subject>` / `alexa-events-grant#legacy`
 *   (the grantee token it came from is unknown, so no Alexa user claims it: it goes when the
 *   account's last Alexa user erases, and stays while another still uses the account);
 * - `alexa-user#<A>` / `linked-subject` -> `alexa-user#<A>` / `linked-subject#<subject>` and
 *   `subject#<subject>` / `alexa-user#<A>` (with no link fingerprints).
 * The old item is deleted once the new ones are written. A first-layout subject that itself
 * starts with `subject#` cannot be told from a current partition and is left as it is.
 */
import {
  SUBJECT_PARTITION_PREFIX,
  ENDPOINT_ITEM_PREFIX,
  alexaUserPartition,
  grantItemId,
  linkedAlexaUserItemId,
  linkedSubjectItemId,
  subjectPartition,
  type ItemKey,
} from './device-table-keys';

/** A stored attribute as DynamoDB returns it; only string values (`S`) are read here. */
export type StoredAttribute = { readonly S?: string } & Readonly<Record<string, unknown>>;
export type StoredItem = Readonly<Record<string, StoredAttribute>>;

/** What becomes of one item: nothing, or new items to write and the old key to delete. */
export type ItemMigration =
  | { readonly kind: 'current' }
  | { readonly kind: 'move'; readonly put: readonly StoredItem[]; readonly remove: ItemKey };

const LEGACY_GRANT_ITEM_ID = 'alexa-events-grant';
const LEGACY_LINK_ITEM_ID = 'linked-subject';
const ALEXA_USER_PREFIX = alexaUserPartition('');
/** The Amazon tokens whose grantee token the first layout did not keep. */
export const LEGACY_GRANT_LINK = 'legacy';

export function migrationOf(item: StoredItem): ItemMigration {
  const partition = item.userId?.S;
  const itemId = item.itemId?.S;
  if (partition === undefined || itemId === undefined) return { kind: 'current' };
  const remove = { partition, itemId };
  const moved = (newPartition: string, newItemId: string): StoredItem => ({
    ...item,
    userId: { S: newPartition },
    itemId: { S: newItemId },
  });

  if (itemId === LEGACY_LINK_ITEM_ID && partition.startsWith(ALEXA_USER_PREFIX)) {
    const subject = item.subject?.S;
    const alexaUserId = partition.slice(ALEXA_USER_PREFIX.length);
    if (subject === undefined || subject === '' || alexaUserId === '') return { kind: 'current' };
    return {
      kind: 'move',
      put: [
        moved(partition, linkedSubjectItemId(subject)),
        {
          userId: { S: subjectPartition(subject) },
          itemId: { S: linkedAlexaUserItemId(alexaUserId) },
          ...(item.linkedAt && { linkedAt: item.linkedAt }),
        },
      ],
      remove,
    };
  }
  if (partition.startsWith(SUBJECT_PARTITION_PREFIX)) return { kind: 'current' };
  if (itemId === LEGACY_GRANT_ITEM_ID) {
    return {
      kind: 'move',
      put: [moved(subjectPartition(partition), grantItemId(LEGACY_GRANT_LINK))],
      remove,
    };
  }
  if (itemId.startsWith(ENDPOINT_ITEM_PREFIX)) {
    return { kind: 'move', put: [moved(subjectPartition(partition), itemId)], remove };
  }
  return { kind: 'current' };
}
