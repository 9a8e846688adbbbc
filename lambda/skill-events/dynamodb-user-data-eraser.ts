/**
 * A UserDataEraser for a DynamoDB table with one partition per user (partition key `userId` by
 * default: Alexa's user ID, or the linking server's for the smart home device table), with or
 * without a sort key: it queries the user's keys, then deletes them 25 at a
 * time, retrying what DynamoDB leaves unprocessed.
 */
import type {
  AttributeValue,
  DynamoDBClient,
  DynamoDBClientConfig,
  WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { UserDataEraser } from './user-data-eraser';
import { USER_DATA_TABLE_ENV } from '../core/user-data-table';

type DynamoDbModule = typeof import('@aws-sdk/client-dynamodb');

/**
 * The DynamoDB client is loaded on the first erasure only, and from the Lambda runtime's own AWS
 * SDK v3 rather than the bundle: bundled, it adds about 500 KB and some 40 ms to every cold start
 * (measured with esbuild's minified bundle), for an event most containers never see. The module
 * name is a variable so esbuild leaves the require alone; tests and local runs resolve it from
 * node_modules (pinned in package.json).
 */
const DYNAMODB_MODULE = '@aws-sdk/client-dynamodb';

function loadDynamoDb(): DynamoDbModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return require(DYNAMODB_MODULE) as DynamoDbModule;
}

export interface DynamoDbUserDataEraserOptions {
  readonly tableName: string;
  /** @default 'userId' */
  readonly partitionKey?: string;
  /** The table's sort key, when it has one (several items per user). */
  readonly sortKey?: string;
  /** Client settings (region, endpoint for a local server). @default the Lambda's own region */
  readonly clientConfig?: DynamoDBClientConfig;
  /**
   * A client to use instead of loading one (the smart home function passes the client it
   * already has, with its short timeouts).
   * @default - a client from the Lambda runtime's SDK, created on the first erasure
   */
  readonly client?: DynamoDBClient;
  /** The commands that go with `client` (from the same SDK copy). @default - loaded as the client is */
  readonly commands?: Pick<DynamoDbModule, 'QueryCommand' | 'BatchWriteItemCommand'>;
  /** Rounds of retrying unprocessed deletes before giving up. @default 5 */
  readonly maxRetries?: number;
}

const BATCH = 25;

export function createDynamoDbUserDataEraser(
  options: DynamoDbUserDataEraserOptions
): UserDataEraser {
  const partitionKey = options.partitionKey ?? 'userId';
  const keyNames = options.sortKey ? [partitionKey, options.sortKey] : [partitionKey];
  const maxRetries = options.maxRetries ?? 5;
  let client: DynamoDBClient | undefined = options.client;
  const sdk = () => options.commands ?? loadDynamoDb();
  const dynamo = () => (client ??= new (loadDynamoDb().DynamoDBClient)(options.clientConfig ?? {}));

  async function keysOf(userId: string): Promise<Record<string, AttributeValue>[]> {
    const { QueryCommand } = sdk();
    const keys: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: '#pk = :user',
          ExpressionAttributeNames: Object.fromEntries(
            keyNames.map((name, i) => [i === 0 ? '#pk' : `#k${i}`, name])
          ),
          ExpressionAttributeValues: { ':user': { S: userId } },
          ProjectionExpression: keyNames.map((_, i) => (i === 0 ? '#pk' : `#k${i}`)).join(', '),
          ExclusiveStartKey: start,
          ConsistentRead: true,
        })
      );
      keys.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return keys;
  }

  async function deleteAll(keys: Record<string, AttributeValue>[]): Promise<void> {
    await deleteKeys({
      client: dynamo(),
      BatchWriteItemCommand: sdk().BatchWriteItemCommand,
      tableName: options.tableName,
      keys,
      maxRetries,
    });
  }

  return {
    async eraseUser(userId) {
      const keys = await keysOf(userId);
      await deleteAll(keys);
      return keys.length;
    },
  };
}

/**
 * Deletes the items with these keys, 25 per BatchWriteItem, in order, retrying (with backoff) what
 * DynamoDB leaves unprocessed; throws after `maxRetries` rounds.
 */
export async function deleteKeys(options: {
  readonly client: DynamoDBClient;
  readonly BatchWriteItemCommand: DynamoDbModule['BatchWriteItemCommand'];
  readonly tableName: string;
  readonly keys: readonly Record<string, AttributeValue>[];
  readonly maxRetries: number;
}): Promise<void> {
  const { client, BatchWriteItemCommand, tableName, keys, maxRetries } = options;
  for (let i = 0; i < keys.length; i += BATCH) {
    let requests: WriteRequest[] = keys
      .slice(i, i + BATCH)
      .map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > maxRetries) {
        throw new Error(
          `DynamoDB left ${requests.length} deletes unprocessed after ${maxRetries} retries on ${tableName}`
        );
      }
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const result = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } })
      );
      requests = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

/** The eraser for the table the environment names, or undefined when the project stores nothing. */
export function userDataEraserFromEnvironment(
  env: Readonly<Record<string, string | undefined>>
): UserDataEraser | undefined {
  const tableName = env[USER_DATA_TABLE_ENV.tableName];
  if (tableName === undefined || tableName === '') return undefined;
  const region = env[USER_DATA_TABLE_ENV.region] || undefined;
  return createDynamoDbUserDataEraser({
    tableName,
    sortKey: env[USER_DATA_TABLE_ENV.sortKey] || undefined,
    clientConfig: region ? { region } : undefined,
  });
}
