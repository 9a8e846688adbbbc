/**
 * The link-settings function's floor: the two AWS SDK clients it must build at init, and a
 * handler that answers a Delete, with nothing else (no logger, no SMAPI client). Built by the
 * benchmark through the package's recipe, never deployed.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const cognito = new CognitoIdentityProviderClient({});
const secrets = new SecretsManagerClient({});

export const handler = async (event: { PhysicalResourceId?: string }) => ({
  PhysicalResourceId: event.PhysicalResourceId ?? String(Boolean(cognito && secrets)),
});
