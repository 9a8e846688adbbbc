/**
 * AcceptGrant's Amazon tokens in the device table, in the layout device-store-dynamodb.ts writes
 * (`alexa-events-grant#<link>` in the user's partition), where a disabling user's erasure finds
 * them. Any device port can use it: the table is deployed with every smart home function.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AlexaEventsGrantStore } from '../core/smart-home/ports';
import { createDynamoDbDeviceStore } from './device-store-dynamodb';

export function createDynamoDbGrantStore(options: {
  readonly client: DynamoDBClient;
  /** The device table (SmartHomeFunction sets DEVICES_TABLE_NAME to it). */
  readonly tableName: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}): AlexaEventsGrantStore {
  const store = createDynamoDbDeviceStore(options);
  return {
    saveAlexaEventsGrant: (userId, link, grant) => store.saveAlexaEventsGrant(userId, link, grant),
  };
}
