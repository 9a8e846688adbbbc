/**
 * The DynamoDB lamp: the lamp device port (lambda/runtime/smart-home/lamp-port.ts) over the device
 * store on DynamoDB (device-store-dynamodb.ts, whose item layout it keeps as is). It is the port
 * the stack deploys by default.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SmartHomeDevicePort } from '../core/smart-home/device-port';
import { createLampPort } from '../runtime/smart-home/lamp-port';
import { createDynamoDbDeviceStore } from './device-store-dynamodb';

/** The DynamoDB client and device table of the lamp port. */
export interface DynamoDbLampPortOptions {
  /** A client in the function's region (each region reads its own replica). */
  readonly client: DynamoDBClient;
  /** The device table (SmartHomeFunction sets DEVICES_TABLE_NAME to it). */
  readonly tableName: string;
  /**
   * Declares the lamp's properties `proactivelyReported` in discovery: on only when the skill
   * sends ChangeReports (it has events credentials).
   * @default false
   */
  readonly proactivelyReported?: boolean;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The lamp device port on the device table: the port the stack deploys by default. */
export function createDynamoDbLampPort(options: DynamoDbLampPortOptions): SmartHomeDevicePort {
  const { client, tableName, now, proactivelyReported } = options;
  return createLampPort({
    devices: createDynamoDbDeviceStore({ client, tableName, ...(now ? { now } : {}) }),
    ...(proactivelyReported === undefined ? {} : { proactivelyReported }),
  });
}
