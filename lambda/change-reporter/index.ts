/**
 * The change reporter's Lambda entry: a consumer of the device table's stream (endpoint items
 * only, by the event source mapping's filter) that sends ChangeReport, AddOrUpdateReport and
 * DeleteReport to the Alexa event gateway of each grant's region. Everything is built once per
 * container; the messaging credentials are read from Secrets Manager on first need and kept.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  SkillConfigError,
  createChangeReporter,
  createDynamoDbEventsGrants,
  createHttpEventGateway,
  createLwaTokenRefresher,
  createReporterMetrics,
  createSecretsManagerEventsCredentials,
  loadSmartHomeConfig,
  logger,
} from '../runtime';

const config = loadSmartHomeConfig(process.env);
const secretId = config.alexaEventsSecretId;
if (secretId === undefined) {
  throw new SkillConfigError([
    'Environment variable ALEXA_EVENTS_SECRET_ID is missing; expected the Secrets Manager secret with the Alexa Skill Messaging credentials.',
  ]);
}

// Short per-call timeouts: the reporter retries within its own time instead of waiting.
const AWS_CLIENT_OPTIONS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1500 },
} as const;

export const handler = createChangeReporter({
  grants: createDynamoDbEventsGrants({
    client: new DynamoDBClient(AWS_CLIENT_OPTIONS),
    tableName: config.devicesTableName,
  }),
  gateway: createHttpEventGateway(),
  refresher: createLwaTokenRefresher(),
  credentials: createSecretsManagerEventsCredentials({
    secretId,
    clientConfig: AWS_CLIENT_OPTIONS,
  }),
  logger,
  // Built at init: a stream consumer has no user waiting on its cold start.
  metrics: createReporterMetrics(),
  homeAwsRegion: process.env.AWS_REGION,
});
