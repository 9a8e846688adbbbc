/**
 * LinkedSubjects in the device table itself: one item per Alexa user in a partition of its own,
 * `userId` = `alexa-user#<Alexa userId>`, `itemId` = `linked-subject`, with the subject as an
 * attribute. No linking server issues a subject starting with `alexa-user#` (Cognito's are UUIDs,
 * Login with Amazon's `amzn1.account.…`), so it never shares a partition with a user's devices.
 * Forgetting erases that partition through the UserDataEraser (Query and BatchWriteItem), so the
 * function needs no DeleteItem permission.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEVICE_TABLE_KEYS } from '../adapters/device-store-dynamodb';
import type { LinkedSubjects } from './linked-subjects';
import type { UserDataEraser } from './user-data-eraser';

const PARTITION_PREFIX = 'alexa-user#';
const ITEM_ID = 'linked-subject';

/** The partition an Alexa user's linked subject lives in. */
export const linkedSubjectPartition = (alexaUserId: string): string =>
  `${PARTITION_PREFIX}${alexaUserId}`;

export function createDynamoDbLinkedSubjects(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The table's eraser, which deletes the Alexa user's partition. */
  readonly eraser: UserDataEraser;
  /** @default () => new Date() */
  readonly now?: () => Date;
}): LinkedSubjects {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const key = (alexaUserId: string) => ({
    [DEVICE_TABLE_KEYS.partitionKey]: { S: linkedSubjectPartition(alexaUserId) },
    [DEVICE_TABLE_KEYS.sortKey]: { S: ITEM_ID },
  });
  return {
    async remember(alexaUserId, subject) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(alexaUserId),
            subject: { S: subject },
            linkedAt: { S: now().toISOString() },
          },
        })
      );
    },
    async subjectOf(alexaUserId) {
      const { Item: item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(alexaUserId), ConsistentRead: true })
      );
      const subject = item?.subject?.S;
      return subject === undefined || subject === '' ? undefined : subject;
    },
    forget: (alexaUserId) => options.eraser.eraseUser(linkedSubjectPartition(alexaUserId)),
  };
}
