/**
 * The smart home function's Lambda entry. Everything is built once per container: the verifier
 * (its key set cached after the first directive), the DynamoDB client and, with events
 * credentials configured, the grant exchange (its Secrets Manager client is built on the first
 * AcceptGrant: no other directive needs it).
 *
 * The function is also the skill's events endpoint (`withSkillEvents`): an `AlexaSkillEvent.*`
 * envelope (a request, not a directive) goes to the skill event handler, which erases a disabling
 * user's devices and Amazon tokens by the linking server's user ID (see
 * lambda/skill-events/skill-event.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  alexaRegionOfAwsRegion,
  createDirectiveHandler,
  createDynamoDbGrantStore,
  createDynamoDbLampPort,
  createDynamoDbLinkedSubjects,
  createLinkingVerifier,
  createLwaGrantExchange,
  createSecretsManagerEventsCredentials,
  loadSmartHomeConfig,
  logger,
  skillMetrics,
  withSkillEvents,
} from '../runtime';

const config = loadSmartHomeConfig(process.env);

// Short timeouts and one retry (DynamoDB answers in milliseconds when it is well): a slow table
// must still leave time to answer Alexa, which waits 8 s for the whole directive.
const AWS_CLIENT_OPTIONS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
} as const;

const verifier = createLinkingVerifier();
const dynamo = new DynamoDBClient(AWS_CLIENT_OPTIONS);

// With events credentials the skill can send ChangeReports, so the lamp declares its properties
// proactively reported; without them Alexa asks with ReportState.
const eventsConfigured = config.alexaEventsSecretId !== undefined;

const directives = createDirectiveHandler({
  verifier,
  devices: createDynamoDbLampPort({
    client: dynamo,
    tableName: config.devicesTableName,
    proactivelyReported: eventsConfigured,
  }),
  grantExchange:
    config.alexaEventsSecretId === undefined
      ? undefined
      : createLwaGrantExchange({
          credentials: createSecretsManagerEventsCredentials({
            secretId: config.alexaEventsSecretId,
            clientConfig: AWS_CLIENT_OPTIONS,
          }),
        }),
  // AcceptGrant arrives in the Alexa region of the user: the grant records it, so the change
  // reporter sends that user's events to that region's gateway.
  grantStore: createDynamoDbGrantStore({
    client: dynamo,
    tableName: config.devicesTableName,
    alexaRegion: alexaRegionOfAwsRegion(process.env.AWS_REGION),
  }),
  logger,
  metrics: skillMetrics,
});

export const handler = withSkillEvents(directives, {
  verifier,
  // Erases with Query and BatchWriteItem (the role allows them on the device table, nothing more).
  linkedSubjects: createDynamoDbLinkedSubjects({
    client: dynamo,
    tableName: config.devicesTableName,
  }),
  skillId: config.skillId,
  logger,
  metrics: skillMetrics,
});
