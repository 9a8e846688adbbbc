/** Lambda entry of the account-linking settings custom resource (CDK Provider framework onEvent). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLogger } from '../adapters/logger';
import { createOnEventHandler } from './on-event';
import { createSmapiClient } from './smapi-client';
import { createStackStatusReader } from './stack-status';

// Logs names, IDs and redacted error text only; the handler never passes a credential to it.
const logger = createLogger({ serviceName: 'alexa-account-linking-settings' });

export const handler = createOnEventHandler({
  cognito: new CognitoIdentityProviderClient({}),
  secrets: new SecretsManagerClient({}),
  // Built on first use: only a failed deploy reads the stack's status.
  readStackStatus: createStackStatusReader(),
  smapi: createSmapiClient(),
  logger,
});
