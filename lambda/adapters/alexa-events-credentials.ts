/**
 * The skill's "Alexa Skill Messaging" credentials from Secrets Manager: read on the first
 * AcceptGrant and kept for the life of the container (a failed read is retried next time).
 * Only an AcceptGrant reads them, so the Secrets Manager client is loaded and built then, never
 * at the function's init.
 */
import type {
  SecretsManagerClient,
  SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import type { EventsCredentials } from './alexa-grant-exchange';

type SecretsManagerModule = typeof import('./lazy/secrets-manager');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadSdk = () => require('./lazy/secrets-manager') as SecretsManagerModule;

export class EventsCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventsCredentialsError';
  }
}

/**
 * The skill's "Alexa Skill Messaging" credentials from the Secrets Manager secret `secretId`
 * (`{"clientId", "clientSecret"}`): read on first use, kept for the container's life, a failed read
 * retried next time.
 */
export function createSecretsManagerEventsCredentials(options: {
  readonly secretId: string;
  /** Settings of the client built on the first read (timeouts, retries). */
  readonly clientConfig?: SecretsManagerClientConfig;
  /** Builds the client instead (tests). @default a client with `clientConfig` */
  readonly client?: () => SecretsManagerClient;
}): () => Promise<EventsCredentials> {
  let cached: Promise<EventsCredentials> | undefined;
  let client: SecretsManagerClient | undefined;
  const clientOnce = () =>
    (client ??= options.client
      ? options.client()
      : new (loadSdk().SecretsManagerClient)(options.clientConfig ?? {}));
  return () => {
    cached ??= read(clientOnce(), options.secretId).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function read(client: SecretsManagerClient, secretId: string): Promise<EventsCredentials> {
  const { SecretString: text } = await client.send(
    new (loadSdk().GetSecretValueCommand)({ SecretId: secretId })
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
