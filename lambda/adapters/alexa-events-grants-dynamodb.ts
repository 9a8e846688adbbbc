/**
 * The Alexa events grants on DynamoDB: the items `alexa-events-grant#<link>` in a linked account's
 * partition of the device table (layout: lambda/core/smart-home/device-table-keys.ts). Every
 * write names one grant's key; the refresh lease is a conditional write (`refreshLeaseId`,
 * `refreshLeaseUntil`), so two containers never refresh one grant at once.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  GRANT_ITEM_PREFIX,
  grantItemId,
  subjectPartition,
} from '../core/smart-home/device-table-keys';
import type { AlexaEventsGrant } from '../core/smart-home/ports';
import type { EventsGrantStore, StoredEventsGrant } from '../core/smart-home/reporter-ports';
import { itemsWithPrefix } from './device-store-dynamodb';

type Item = Record<string, AttributeValue>;

export interface DynamoDbEventsGrantsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The grant store, plus the save the smart home function uses on AcceptGrant. */
export interface DynamoDbEventsGrants extends EventsGrantStore {
  /**
   * Stores a new grant for one Alexa user of the account with the Alexa region it arrived in,
   * replacing the link's earlier one whole (and so clearing a revoked mark or a lease).
   */
  save(subject: string, link: string, grant: AlexaEventsGrant, region?: string): Promise<void>;
}

/**
 * The grants in the device table, as the change reporter uses them: every grant of a user, the
 * refresh lease (a conditional write), the refreshed pair and the revoked mark.
 */
export function createDynamoDbEventsGrants(
  options: DynamoDbEventsGrantsOptions
): DynamoDbEventsGrants {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date());
  const key = (subject: string, link: string): Item => ({
    userId: { S: subjectPartition(subject) },
    itemId: { S: grantItemId(link) },
  });
  const conditional = async (send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async save(subject, link, grant, region) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(subject, link),
            accessToken: { S: grant.accessToken },
            refreshToken: { S: grant.refreshToken },
            accessTokenExpiresAt: { S: grant.accessTokenExpiresAt.toISOString() },
            grantedAt: { S: now().toISOString() },
            ...(region === undefined ? {} : { alexaRegion: { S: region } }),
          },
        })
      );
    },

    async grantsOf(subject) {
      const items = await itemsWithPrefix(client, tableName, subject, GRANT_ITEM_PREFIX);
      return items.flatMap((item) => grantFrom(subject, item) ?? []);
    },

    async grantOf(subject, link) {
      const { Item: item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(subject, link), ConsistentRead: true })
      );
      return item && grantFrom(subject, item);
    },

    acquireRefreshLease(grant, leaseId, at, until) {
      return conditional(() =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(grant.subject, grant.link),
            UpdateExpression: 'SET refreshLeaseId = :lease, refreshLeaseUntil = :until',
            // Only over the token the caller saw (else someone refreshed already), never on a
            // revoked grant, and never while another caller's lease runs.
            ConditionExpression:
              'accessToken = :seen AND attribute_not_exists(revokedAt) AND ' +
              '(attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now)',
            ExpressionAttributeValues: {
              ':lease': { S: leaseId },
              ':until': { N: String(until.getTime()) },
              ':now': { N: String(at.getTime()) },
              ':seen': { S: grant.accessToken },
            },
          })
        )
      );
    },

    async storeRefreshed(grant, leaseId, fresh) {
      await conditional(() =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(grant.subject, grant.link),
            UpdateExpression:
              'SET accessToken = :access, refreshToken = :refresh, accessTokenExpiresAt = :expires, refreshedAt = :at REMOVE refreshLeaseId, refreshLeaseUntil',
            ConditionExpression: 'refreshLeaseId = :lease',
            ExpressionAttributeValues: {
              ':access': { S: fresh.accessToken },
              ':refresh': { S: fresh.refreshToken },
              ':expires': { S: fresh.accessTokenExpiresAt.toISOString() },
              ':at': { S: now().toISOString() },
              ':lease': { S: leaseId },
            },
          })
        )
      );
    },

    async releaseRefreshLease(grant, leaseId) {
      await conditional(() =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(grant.subject, grant.link),
            UpdateExpression: 'REMOVE refreshLeaseId, refreshLeaseUntil',
            ConditionExpression: 'refreshLeaseId = :lease',
            ExpressionAttributeValues: { ':lease': { S: leaseId } },
          })
        )
      );
    },

    async markRevoked(grant, reason, at) {
      await conditional(() =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(grant.subject, grant.link),
            UpdateExpression:
              'SET revokedAt = :at, revokedReason = :reason REMOVE refreshLeaseId, refreshLeaseUntil',
            // A new AcceptGrant since then brought a new refresh token: that grant stays usable.
            ConditionExpression: 'refreshToken = :seen',
            ExpressionAttributeValues: {
              ':at': { S: at.toISOString() },
              ':reason': { S: reason },
              ':seen': { S: grant.refreshToken },
            },
          })
        )
      );
    },
  };
}

function grantFrom(subject: string, item: Item): StoredEventsGrant | undefined {
  const link = item.itemId?.S?.slice(GRANT_ITEM_PREFIX.length);
  const accessToken = item.accessToken?.S;
  const refreshToken = item.refreshToken?.S;
  const expiresAt = new Date(item.accessTokenExpiresAt?.S ?? Number.NaN);
  // An item not in the shape AcceptGrant writes is skipped: it can carry no event.
  if (!link || !accessToken || !refreshToken) return undefined;
  return {
    subject,
    link,
    accessToken,
    refreshToken,
    accessTokenExpiresAt: expiresAt,
    ...(item.alexaRegion?.S === undefined ? {} : { region: item.alexaRegion.S }),
    revoked: item.revokedAt !== undefined,
  };
}
