/** Lambda entry of the account-linking settings custom resource (CDK Provider framework onEvent). */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { createOnEventHandler } from './on-event';
import { createSmapiClient } from './smapi-client';

// Logs names, IDs and redacted error text only; the handler never passes a credential to it.
const logger = new Logger({ serviceName: 'alexa-account-linking-settings' });

export const handler = createOnEventHandler({
  cognito: new CognitoIdentityProviderClient({}),
  secrets: new SecretsManagerClient({}),
  cloudFormation: new CloudFormationClient({}),
  smapi: createSmapiClient(),
  logger,
});
