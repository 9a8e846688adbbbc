/**
 * The body of the Skill Management API's account-linking update, as the ASK CLI's
 * `update-account-linking-info` also takes it. Pure: no SDK, no I/O.
 * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
 */

export type AccessTokenScheme = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';

export interface AccountLinkingSettings {
  readonly authorizationUrl: string;
  readonly accessTokenUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly domains: readonly string[];
  /** How Alexa sends the client credentials. @default 'HTTP_BASIC' (what Cognito takes) */
  readonly accessTokenScheme?: AccessTokenScheme;
}

export interface AccountLinkingRequestBody {
  readonly accountLinkingRequest: {
    readonly type: 'AUTH_CODE';
    readonly authorizationUrl: string;
    readonly accessTokenUrl: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly accessTokenScheme: AccessTokenScheme;
    readonly scopes: string[];
    readonly domains: string[];
  };
}

export function accountLinkingRequestBody(
  settings: AccountLinkingSettings,
  clientSecret: string
): AccountLinkingRequestBody {
  return {
    accountLinkingRequest: {
      type: 'AUTH_CODE',
      authorizationUrl: settings.authorizationUrl,
      accessTokenUrl: settings.accessTokenUrl,
      clientId: settings.clientId,
      clientSecret,
      // Cognito's token endpoint takes the client credentials in an HTTP Basic header.
      accessTokenScheme: settings.accessTokenScheme ?? 'HTTP_BASIC',
      scopes: [...settings.scopes],
      domains: [...settings.domains],
    },
  };
}

/** Login with Amazon credentials for the Skill Management API, as kept in Secrets Manager. */
export interface LwaCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

export class LwaCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LwaCredentialsError';
  }
}

/** Parses the secret's JSON without ever quoting it: a message names the missing fields only. */
export function parseLwaCredentials(
  secretString: string | undefined,
  secretName: string
): LwaCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? '');
  } catch {
    throw new LwaCredentialsError(
      `Secret ${secretName} is not JSON; expected {"clientId": "...", "clientSecret": "...", "refreshToken": "..."} from \`ask util generate-lwa-tokens\`.`
    );
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const missing = ['clientId', 'clientSecret', 'refreshToken'].filter(
    (key) => typeof record[key] !== 'string' || record[key] === ''
  );
  if (missing.length > 0) {
    throw new LwaCredentialsError(
      `Secret ${secretName} lacks ${missing.join(', ')}; expected {"clientId": "...", "clientSecret": "...", "refreshToken": "..."} from \`ask util generate-lwa-tokens\`.`
    );
  }
  return {
    clientId: record.clientId as string,
    clientSecret: record.clientSecret as string,
    refreshToken: record.refreshToken as string,
  };
}

/**
 * A linking server's client secret, kept in Secrets Manager as `{"clientSecret": "..."}`. Never
 * quotes the secret: a message names what is wrong only.
 */
export function parseClientSecret(secretString: string | undefined, secretName: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? '');
  } catch {
    throw new LwaCredentialsError(
      `Secret ${secretName} is not JSON; expected {"clientSecret": "..."} with the linking server's client secret.`
    );
  }
  const value = ((parsed ?? {}) as Record<string, unknown>).clientSecret;
  if (typeof value !== 'string' || value === '') {
    throw new LwaCredentialsError(
      `Secret ${secretName} lacks clientSecret; expected {"clientSecret": "..."} with the linking server's client secret.`
    );
  }
  return value;
}

/** The fields of the skill's current settings that differ from the stack's (the secret is never returned by the API). */
export function accountLinkingDifferences(
  current: Record<string, unknown>,
  expected: AccountLinkingSettings
): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const sorted = (value: unknown) =>
    Array.isArray(value) ? [...(value as string[])].sort() : value;
  const checks: [string, unknown, unknown][] = [
    ['type', current.type, 'AUTH_CODE'],
    ['authorizationUrl', current.authorizationUrl, expected.authorizationUrl],
    ['accessTokenUrl', current.accessTokenUrl, expected.accessTokenUrl],
    ['clientId', current.clientId, expected.clientId],
    ['accessTokenScheme', current.accessTokenScheme, expected.accessTokenScheme ?? 'HTTP_BASIC'],
    ['scopes', sorted(current.scopes), sorted(expected.scopes)],
    ['domains', sorted(current.domains), sorted(expected.domains)],
  ];
  return checks.filter(([, actual, wanted]) => !same(actual, wanted)).map(([field]) => field);
}
