/**
 * LinkedSubjects in the device table itself, in the layout of
 * lambda/core/smart-home/device-table-keys.ts: `alexa-user#<Alexa userId>` / `linked-subject#<subject>`
 * for each account the Alexa user linked, and `subject#<subject>` / `alexa-user#<Alexa userId>`
 * (with the link fingerprints) for each Alexa user of an account. Erasure reads both sides with
 * Query and deletes with BatchWriteItem, so the function needs no DeleteItem permission; which
 * items go is planErasure's decision.
 */
import {
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DEVICE_TABLE_KEYS } from '../adapters/device-store-dynamodb';
import {
  alexaUserPartition,
  linkedAlexaUserItemId,
  linkedSubjectItemId,
  linkedSubjectsOf,
  planErasure,
  subjectPartition,
  type ItemKey,
  type SubjectItem,
} from '../core/smart-home/device-table-keys';
import { deleteKeys } from './dynamodb-user-data-eraser';
import type { LinkedSubjects } from './linked-subjects';

type Item = Record<string, AttributeValue>;

/**
 * LinkedSubjects in the device table itself: remembers each account an Alexa user linked, and
 * erases what is stored under them when the user disables the skill.
 */
export function createDynamoDbLinkedSubjects(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Rounds of retrying unprocessed deletes before giving up. @default 5 */
  readonly maxRetries?: number;
}): LinkedSubjects {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const { partitionKey: pk, sortKey: sk } = DEVICE_TABLE_KEYS;
  const key = ({ partition, itemId }: ItemKey): Item => ({
    [pk]: { S: partition },
    [sk]: { S: itemId },
  });

  /** Every item of a partition: its item ID and, where there is one, its link fingerprints. */
  async function itemsOf(partition: string): Promise<SubjectItem[]> {
    const items: SubjectItem[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :partition',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk, '#links': 'links' },
          ExpressionAttributeValues: { ':partition': { S: partition } },
          // Never the Amazon tokens a grant item holds: erasure needs keys and links only.
          ProjectionExpression: '#sk, #links',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        })
      );
      for (const item of page.Items ?? []) {
        const itemId = item[sk]?.S;
        if (itemId !== undefined) items.push({ itemId, links: item.links?.SS });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async function remove(keys: readonly ItemKey[]): Promise<void> {
    await deleteKeys({
      client,
      BatchWriteItemCommand,
      tableName,
      keys: keys.map(key),
      maxRetries: options.maxRetries ?? 5,
    });
  }

  return {
    async remember(alexaUserId, subject, link) {
      const linkedAt = { S: now().toISOString() };
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key({
              partition: alexaUserPartition(alexaUserId),
              itemId: linkedSubjectItemId(subject),
            }),
            subject: { S: subject },
            linkedAt,
          },
        })
      );
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key({
            partition: subjectPartition(subject),
            itemId: linkedAlexaUserItemId(alexaUserId),
          }),
          UpdateExpression: 'SET linkedAt = :at ADD links :link',
          ExpressionAttributeValues: { ':at': linkedAt, ':link': { SS: [link] } },
        })
      );
    },

    async erase(alexaUserId, fromToken) {
      const alexaUserItems = (await itemsOf(alexaUserPartition(alexaUserId))).map((i) => i.itemId);
      const subjects = new Map<string, SubjectItem[]>();
      for (const subject of new Set([
        ...linkedSubjectsOf(alexaUserItems),
        ...(fromToken ? [fromToken.subject] : []),
      ])) {
        subjects.set(subject, await itemsOf(subjectPartition(subject)));
      }
      const plan = planErasure({
        alexaUserId,
        alexaUserItems,
        subjects,
        eventLinks: fromToken ? [fromToken.link] : [],
      });
      await remove(plan.data);
      await remove(plan.links);
      return plan.data.length + plan.links.length;
    },
  };
}
