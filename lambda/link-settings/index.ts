/** Lambda entry of the account-linking settings custom resource (CDK Provider framework onEvent). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazyLogger } from '../adapters/logger';
import { createOnEventHandler } from './on-event';
import { createSmapiClient } from './smapi-client';

// Logs names and IDs only; the handler never passes a credential to the logger.
const logger = lazyLogger({ serviceName: 'alexa-account-linking-settings' });

export const handler = createOnEventHandler({
  cognito: new CognitoIdentityProviderClient({}),
  secrets: new SecretsManagerClient({}),
  smapi: createSmapiClient(),
  log: (message, attributes) => logger.info(message, attributes),
});
