/**
 * The skill's "Alexa Skill Messaging" credentials from Secrets Manager: read on the first
 * AcceptGrant and kept for the life of the container (a failed read is retried next time).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EventsCredentials } from './alexa-grant-exchange';

export class EventsCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventsCredentialsError';
  }
}

export function createSecretsManagerEventsCredentials(options: {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
}): () => Promise<EventsCredentials> {
  let cached: Promise<EventsCredentials> | undefined;
  return () => {
    cached ??= read(options.client, options.secretId).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function read(client: SecretsManagerClient, secretId: string): Promise<EventsCredentials> {
  const { SecretString: text } = await client.send(
    new GetSecretValueCommand({ SecretId: secretId })
  );
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  const { clientId, clientSecret } = (
    typeof value === 'object' && value !== null ? value : {}
  ) as Record<string, unknown>;
  if (
    typeof clientId !== 'string' ||
    clientId === '' ||
    typeof clientSecret !== 'string' ||
    clientSecret === ''
  ) {
    // The message names the secret and the expected shape, never any value read from it.
    throw new EventsCredentialsError(
      `Secret ${secretId} is not a JSON object with the string fields "clientId" and "clientSecret".`
    );
  }
  return { clientId, clientSecret };
}
