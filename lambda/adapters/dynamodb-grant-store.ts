/**
 * AcceptGrant's Amazon tokens in the device table, in the layout the change reporter reads
 * (`alexa-events-grant#<link>` in the user's partition, alexa-events-grants-dynamodb.ts), where a
 * disabling user's erasure finds them. Any device port can use it: the table is deployed with
 * every smart home function.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AlexaRegion } from '../core/smart-home/event-gateway';
import type { AlexaEventsGrantStore } from '../core/smart-home/ports';
import { createDynamoDbEventsGrants } from './alexa-events-grants-dynamodb';

/** Where AcceptGrant keeps the Amazon tokens: the grant items of the device table. */
export function createDynamoDbGrantStore(options: {
  readonly client: DynamoDBClient;
  /** The device table (SmartHomeFunction sets DEVICES_TABLE_NAME to it). */
  readonly tableName: string;
  /**
   * The Alexa region AcceptGrant arrives in (the function's: `alexaRegionOfAwsRegion(AWS_REGION)`),
   * kept with the grant so proactive events go to that region's gateway.
   * @default - none recorded: the reporter sends to its home region's gateway
   */
  readonly alexaRegion?: AlexaRegion;
  /** @default () => new Date() */
  readonly now?: () => Date;
}): AlexaEventsGrantStore {
  const grants = createDynamoDbEventsGrants(options);
  return {
    saveAlexaEventsGrant: (userId, link, grant) =>
      grants.save(userId, link, grant, options.alexaRegion),
  };
}
