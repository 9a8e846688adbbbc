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

/** A skill stage whose account-linking settings can be written (the Skill Management API's `stageV2`). */
export const SKILL_STAGES = ['development', 'live'] as const;
export type SkillStage = (typeof SKILL_STAGES)[number];

/** One of the model's `v1.skill.accountLinking.PlatformType` values. */
export type PlatformType = 'iOS' | 'Android';

/**
 * The optional fields of the request beyond the console's common ones, named exactly as Amazon's
 * model (`v1.skill.accountLinking.AccountLinkingRequestPayload`) names them. Each is sent only
 * when set, so a stage without them keeps Amazon's defaults.
 */
export interface AccountLinkingRequestExtras {
  /** Users can enable the skill without linking. */
  readonly skipOnEnablement?: boolean;
  readonly voiceForwardAccountLinking?: 'ENABLED' | 'DISABLED';
  /** Domains the login page loads content from, added after the linking server's own. */
  readonly extraDomains?: readonly string[];
  /** Only read by Alexa when the token response lacks `expires_in`. */
  readonly defaultTokenExpirationInSeconds?: number;
  /** App-to-app: the Universal Link (iOS) or App Link (Android) into your app. */
  readonly authorizationUrlsByPlatform?: readonly {
    readonly platformType: PlatformType;
    readonly platformAuthorizationUrl: string;
  }[];
  /** App-to-app: where your app is opened after consent. */
  readonly redirectUrls?: readonly string[];
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
    readonly skipOnEnablement?: boolean;
    readonly voiceForwardAccountLinking?: 'ENABLED' | 'DISABLED';
    readonly defaultTokenExpirationInSeconds?: number;
    readonly authorizationUrlsByPlatform?: {
      platformType: PlatformType;
      platformAuthorizationUrl: string;
    }[];
    readonly redirectUrls?: string[];
  };
}

export function accountLinkingRequestBody(
  settings: AccountLinkingSettings,
  clientSecret: string,
  extras: AccountLinkingRequestExtras = {}
): AccountLinkingRequestBody {
  const domains = [...settings.domains];
  for (const domain of extras.extraDomains ?? [])
    if (!domains.includes(domain)) domains.push(domain);
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
      domains,
      ...(extras.skipOnEnablement !== undefined && { skipOnEnablement: extras.skipOnEnablement }),
      ...(extras.voiceForwardAccountLinking && {
        voiceForwardAccountLinking: extras.voiceForwardAccountLinking,
      }),
      ...(extras.defaultTokenExpirationInSeconds !== undefined && {
        defaultTokenExpirationInSeconds: extras.defaultTokenExpirationInSeconds,
      }),
      ...(extras.authorizationUrlsByPlatform?.length
        ? {
            authorizationUrlsByPlatform: extras.authorizationUrlsByPlatform.map((entry) => ({
              platformType: entry.platformType,
              platformAuthorizationUrl: entry.platformAuthorizationUrl,
            })),
          }
        : {}),
      ...(extras.redirectUrls?.length ? { redirectUrls: [...extras.redirectUrls] } : {}),
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

/**
 * The fields of the skill's current settings that differ from the stack's (the secret is never
 * returned by the API). Of the optional fields, only those the stack sets are compared: an unset
 * one leaves Amazon's value alone.
 */
export function accountLinkingDifferences(
  current: Record<string, unknown>,
  expected: AccountLinkingSettings,
  extras: AccountLinkingRequestExtras = {}
): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const sorted = (value: unknown) =>
    Array.isArray(value) ? [...(value as unknown[])].map((v) => JSON.stringify(v)).sort() : value;
  const { accountLinkingRequest: wanted } = accountLinkingRequestBody(expected, '', extras);
  const checks: [string, unknown, unknown][] = [
    ['type', current.type, 'AUTH_CODE'],
    ['authorizationUrl', current.authorizationUrl, wanted.authorizationUrl],
    ['accessTokenUrl', current.accessTokenUrl, wanted.accessTokenUrl],
    ['clientId', current.clientId, wanted.clientId],
    ['accessTokenScheme', current.accessTokenScheme, wanted.accessTokenScheme],
    ['scopes', sorted(current.scopes), sorted(wanted.scopes)],
    ['domains', sorted(current.domains), sorted(wanted.domains)],
  ];
  // The API answers some of these as strings (skipOnEnablement "true"): compared as text.
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  if (wanted.skipOnEnablement !== undefined)
    checks.push([
      'skipOnEnablement',
      text(current.skipOnEnablement),
      text(wanted.skipOnEnablement),
    ]);
  if (wanted.voiceForwardAccountLinking !== undefined)
    checks.push([
      'voiceForwardAccountLinking',
      current.voiceForwardAccountLinking,
      wanted.voiceForwardAccountLinking,
    ]);
  if (wanted.defaultTokenExpirationInSeconds !== undefined)
    checks.push([
      'defaultTokenExpirationInSeconds',
      text(current.defaultTokenExpirationInSeconds),
      text(wanted.defaultTokenExpirationInSeconds),
    ]);
  if (wanted.authorizationUrlsByPlatform !== undefined)
    checks.push([
      'authorizationUrlsByPlatform',
      sorted(current.authorizationUrlsByPlatform),
      sorted(wanted.authorizationUrlsByPlatform),
    ]);
  if (wanted.redirectUrls !== undefined)
    checks.push(['redirectUrls', sorted(current.redirectUrls), sorted(wanted.redirectUrls)]);
  return checks.filter(([, actual, value]) => !same(actual, value)).map(([field]) => field);
}
