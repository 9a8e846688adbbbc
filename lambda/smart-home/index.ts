/**
 * The smart home function's Lambda entry. Everything is built once per container: the verifier
 * (its key set cached after the first directive), the DynamoDB client and, with events
 * credentials configured, the grant exchange.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerEventsCredentials } from '../adapters/alexa-events-credentials';
import { createLwaGrantExchange } from '../adapters/alexa-grant-exchange';
import { createDynamoDbDeviceStore } from '../adapters/device-store-dynamodb';
import { logger } from '../adapters/logger';
import type { AlexaEvent } from '../core/smart-home/events';
import { loadSmartHomeConfig } from '../core/smart-home/smart-home-config';
import { createLinkingVerifier } from '../verifiers';
import { createDirectiveHandler } from './handle-directive';

const config = loadSmartHomeConfig(process.env);

// Short timeouts and one retry (DynamoDB answers in milliseconds when it is well): a slow table
// must still leave time to answer Alexa, which waits 8 s for the whole directive.
const AWS_CLIENT_OPTIONS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
} as const;

const handle = createDirectiveHandler({
  verifier: createLinkingVerifier(process.env),
  devices: createDynamoDbDeviceStore({
    client: new DynamoDBClient(AWS_CLIENT_OPTIONS),
    tableName: config.devicesTableName,
  }),
  grantExchange:
    config.alexaEventsSecretId === undefined
      ? undefined
      : createLwaGrantExchange({
          credentials: createSecretsManagerEventsCredentials({
            client: new SecretsManagerClient(AWS_CLIENT_OPTIONS),
            secretId: config.alexaEventsSecretId,
          }),
        }),
  logger,
});

export const handler = async (event: unknown): Promise<AlexaEvent> => handle(event);
