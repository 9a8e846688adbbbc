// Required on first use (see cloudformation.ts for why this folder exists).
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
