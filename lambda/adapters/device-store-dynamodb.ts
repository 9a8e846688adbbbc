/**
 * The device store on DynamoDB. One table, one partition per linked account (`userId` =
 * `subject#<the stable user ID from the verified token>`), one item per endpoint (`itemId` =
 * `endpoint#<endpointId>`) plus one per Alexa user's Amazon tokens from AcceptGrant (`itemId` =
 * `alexa-events-grant#<link fingerprint>`); the layout is lambda/core/smart-home/device-table-keys.ts.
 * Every read and write names the caller's own partition: no key reaches another user's items.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  ENDPOINT_ITEM_PREFIX,
  endpointItemId,
  grantItemId,
  subjectPartition,
} from '../core/smart-home/device-table-keys';
import { isLampState, type LampState, type StoredEndpoint } from '../core/smart-home/lamp';
import type { AlexaEventsGrant, DeviceStore } from '../core/smart-home/ports';

/** The table's key attributes: the CDK construct must declare the same (a test checks). */
export const DEVICE_TABLE_KEYS = { partitionKey: 'userId', sortKey: 'itemId' } as const;

/** Optimistic concurrency: a change that loses a race is recomputed from the new state this often. */
const MAX_CHANGE_ATTEMPTS = 3;

export class DeviceStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceStoreError';
  }
}

type Item = Record<string, AttributeValue>;

/**
 * Every item of one linked user's partition whose item ID begins with `prefix` (their endpoints,
 * their grants), all pages, read consistently.
 */
export async function itemsWithPrefix(
  client: DynamoDBClient,
  tableName: string,
  userId: string,
  prefix: string
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :user AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: {
          '#pk': DEVICE_TABLE_KEYS.partitionKey,
          '#sk': DEVICE_TABLE_KEYS.sortKey,
        },
        ExpressionAttributeValues: {
          ':user': { S: subjectPartition(userId) },
          ':prefix': { S: prefix },
        },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      })
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * The DeviceStore on the DynamoDB device table (DeviceTable): every read and write in the caller's
 * own partition.
 */
export function createDynamoDbDeviceStore(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}): DeviceStore {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const key = (userId: string, itemId: string): Item => ({
    [DEVICE_TABLE_KEYS.partitionKey]: { S: subjectPartition(userId) },
    [DEVICE_TABLE_KEYS.sortKey]: { S: itemId },
  });

  async function read(userId: string, endpointId: string) {
    const { Item: item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: key(userId, endpointItemId(endpointId)),
        ConsistentRead: true,
      })
    );
    return item && { endpoint: endpointFrom(item), version: Number(item.version?.N ?? 0) };
  }

  return {
    async endpointsOf(userId) {
      const items = await itemsWithPrefix(client, tableName, userId, ENDPOINT_ITEM_PREFIX);
      return items.map(endpointFrom);
    },

    async addEndpoint(userId, endpoint) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key(userId, endpointItemId(endpoint.endpointId)),
              ...endpointAttributes(endpoint, now()),
              version: { N: '1' },
            },
            ConditionExpression: 'attribute_not_exists(#sk)',
            ExpressionAttributeNames: { '#sk': DEVICE_TABLE_KEYS.sortKey },
          })
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async endpointOf(userId, endpointId) {
      return (await read(userId, endpointId))?.endpoint;
    },

    async changeState(userId, endpointId, change) {
      for (let attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt += 1) {
        const current = await read(userId, endpointId);
        if (!current) return undefined;
        const next = change(current.endpoint.state);
        try {
          const { Attributes: written } = await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: key(userId, endpointItemId(endpointId)),
              UpdateExpression:
                'SET powerState = :power, brightness = :brightness, version = :next, updatedAt = :at, lastChangeCause = :cause',
              // Written only over the state it was computed from, and never re-creates a deleted item.
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: {
                ':power': { S: next.powerState },
                ':brightness': { N: String(next.brightness) },
                ':version': { N: String(current.version) },
                ':next': { N: String(current.version + 1) },
                ':at': { S: now().toISOString() },
                // Alexa asked for this state: the change reporter sends no ChangeReport for it.
                ':cause': { S: 'ALEXA_DIRECTIVE' },
              },
              ReturnValues: 'ALL_NEW',
            })
          );
          if (!written) throw new DeviceStoreError('UpdateItem returned no attributes');
          return endpointFrom(written);
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      throw new DeviceStoreError(
        `the endpoint changed under ${MAX_CHANGE_ATTEMPTS} attempts in a row; giving up`
      );
    },

    async saveAlexaEventsGrant(userId, link, grant: AlexaEventsGrant) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(userId, grantItemId(link)),
            accessToken: { S: grant.accessToken },
            refreshToken: { S: grant.refreshToken },
            accessTokenExpiresAt: { S: grant.accessTokenExpiresAt.toISOString() },
            grantedAt: { S: now().toISOString() },
          },
        })
      );
    },
  };
}

function endpointAttributes(endpoint: StoredEndpoint, at: Date): Item {
  return {
    endpointId: { S: endpoint.endpointId },
    friendlyName: { S: endpoint.friendlyName },
    powerState: { S: endpoint.state.powerState },
    brightness: { N: String(endpoint.state.brightness) },
    updatedAt: { S: at.toISOString() },
  };
}

function endpointFrom(item: Item): StoredEndpoint {
  const endpointId = item.endpointId?.S;
  const friendlyName = item.friendlyName?.S;
  const state: unknown = {
    powerState: item.powerState?.S,
    brightness: item.brightness?.N === undefined ? undefined : Number(item.brightness.N),
  };
  if (endpointId === undefined || friendlyName === undefined || !isLampState(state)) {
    // Never quote the item: it is user data.
    throw new DeviceStoreError('a stored endpoint item is not in the shape this code writes');
  }
  return { endpointId, friendlyName, state: state as LampState };
}
