/**
 * The one-off move of a smart home device table from its first key layout (subjects as bare
 * partitions, one `linked-subject` and one `alexa-events-grant` item) to the current one; what
 * moves where is lambda/core/smart-home/device-table-migration.ts. Safe while the function runs
 * and safe to run again: current items are never touched, a new item is written only where none
 * exists (what the function already wrote wins), and the old item is deleted after.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DEVICE_TABLE_KEYS } from '../../lambda/adapters/device-store-dynamodb';
import { migrationOf, type StoredItem } from '../../lambda/core/smart-home/device-table-migration';
import type { CommandSpec } from '../cli';

export const MIGRATE_DEVICE_TABLE_SPEC: CommandSpec = {
  usage: 'npm run migrate-device-table --',
  summary:
    'Moves the smart home device table\'s items from the first key layout to the current one (once, after deploying the version with "subject#" partitions).',
  options: {
    table: {
      type: 'string',
      value: '<name>',
      description: 'the device table (the SmartHomeDeviceTableName output)',
    },
    region: { type: 'string', value: '<region>', description: "the table's region" },
    'dry-run': {
      type: 'boolean',
      default: false,
      description: 'count what would move, write nothing',
    },
  },
  examples: [
    'npm run migrate-device-table -- --table AlexaAccountLinking-dev-SmartHomeDeviceTable-ABC --region us-east-1',
  ],
};

export interface MigrationReport {
  readonly scanned: number;
  /** First-layout items moved (or, in a dry run, that would be). */
  readonly moved: number;
  /** New items not written because the function had already written them. */
  readonly alreadyCurrent: number;
}

type Item = Record<string, AttributeValue>;

export async function migrateDeviceTable(options: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly dryRun?: boolean;
}): Promise<MigrationReport> {
  const { client, tableName } = options;
  const { partitionKey: pk, sortKey: sk } = DEVICE_TABLE_KEYS;
  let scanned = 0;
  let moved = 0;
  let alreadyCurrent = 0;
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start })
    );
    for (const item of page.Items ?? []) {
      scanned += 1;
      const migration = migrationOf(item as StoredItem);
      if (migration.kind === 'current') continue;
      moved += 1;
      if (options.dryRun) continue;
      for (const put of migration.put) {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: put as Item,
              ConditionExpression: 'attribute_not_exists(#sk)',
              ExpressionAttributeNames: { '#sk': sk },
            })
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          alreadyCurrent += 1;
        }
      }
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: { [pk]: { S: migration.remove.partition }, [sk]: { S: migration.remove.itemId } },
        })
      );
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { scanned, moved, alreadyCurrent };
}
