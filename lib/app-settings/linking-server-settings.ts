import { isHttpsUrl } from './https-url';
import { InvalidSettingError } from './invalid-setting-error';
import { listSetting } from './list-setting';
import { SettingProblems } from './setting-problems';

/**
 * Which authorization server Alexa links against (`linkingServer`), and the keys of each.
 * Pure functions only: the stack turns these settings into constructs.
 */
export const LINKING_SERVERS = ['cognito', 'login-with-amazon', 'oidc'] as const;
/** One of LINKING_SERVERS: the `linkingServer` setting. */
export type LinkingServerName = (typeof LINKING_SERVERS)[number];

/** Scopes a Login with Amazon security profile grants. */
export const LWA_SCOPE_NAMES = ['profile', 'profile:user_id', 'postal_code'] as const;
/** One of LWA_SCOPE_NAMES: the `lwaScopes` setting. */
export type LwaScopeName = (typeof LWA_SCOPE_NAMES)[number];

/** The scopes Alexa asks an OIDC server for when `oidcScopes` is not set. */
export const DEFAULT_OIDC_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'email',
  // Without it most OIDC servers give Alexa no refresh token, and users are unlinked within hours.
  'offline_access',
];

/** Context keys that only mean something with `linkingServer=cognito`. */
export const COGNITO_ONLY_KEYS = [
  'domainPrefix',
  'customDomain',
  'customDomainCertificateArn',
  'scopes',
  'extraCallbackUrls',
  'retainUserPool',
  'deletionProtection',
  'mfa',
  'featurePlan',
  'loginUi',
  'passwordMinLength',
  'signInWith',
  'cognitoSignIn',
  'directSignIn',
] as const;
/** Context keys that only mean something with `linkingServer=login-with-amazon`. */
export const LWA_KEYS = ['lwaClientId', 'lwaClientSecretName', 'lwaScopes'] as const;
/** Context keys that only mean something with `linkingServer=oidc`. */
export const OIDC_KEYS = [
  'oidcIssuer',
  'oidcAudience',
  'oidcClientId',
  'oidcClientSecretName',
  'oidcAuthorizationUrl',
  'oidcTokenUrl',
  'oidcJwksUrl',
  'oidcUserInfoUrl',
  'oidcScopes',
] as const;

const KEYS_OF: Record<LinkingServerName, readonly string[]> = {
  cognito: COGNITO_ONLY_KEYS,
  'login-with-amazon': LWA_KEYS,
  oidc: OIDC_KEYS,
};

/**
 * `linkingServer=cognito`: a user pool deployed by this stack; its keys are the pool's
 * (AppSettings).
 */
export interface CognitoServerSettings {
  /** Which server: a user pool of this stack. */
  readonly kind: 'cognito';
}

/** `linkingServer=login-with-amazon`: a Login with Amazon security profile (`lwa*` keys). */
export interface LoginWithAmazonServerSettings {
  /** Which server: Login with Amazon. */
  readonly kind: 'login-with-amazon';
  /** The security profile's Client ID (`lwaClientId`). */
  readonly clientId: string;
  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the secret
   * (`lwaClientSecretName`); read by `link-config` and automatic mode only.
   * @default - none: automatic mode is skipped with a warning; paste the secret into the console
   */
  readonly clientSecretName?: string;
  /** The scopes Alexa asks for (`lwaScopes`, default `profile`). */
  readonly scopes: readonly LwaScopeName[];
}

/** `linkingServer=oidc`: any OpenID Connect server (Auth0, Okta, Keycloak; `oidc*` keys). */
export interface OidcServerSettings {
  /** Which server: an OpenID Connect server. */
  readonly kind: 'oidc';
  /** Exactly as given: `iss` must match it byte for byte (Auth0's ends with a slash). */
  readonly issuer: string;
  /** The API identifier access tokens are minted for (`oidcAudience`), checked in `aud`. */
  readonly audience: string;
  /** The client ID of the application created for Alexa (`oidcClientId`). */
  readonly clientId: string;
  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the
   * application's secret (`oidcClientSecretName`); read by `link-config` and automatic mode only.
   * @default - none: automatic mode is skipped with a warning; paste the secret into the console
   */
  readonly clientSecretName?: string;
  /** The authorization endpoint, https (`oidcAuthorizationUrl`). */
  readonly authorizationUrl: string;
  /** The token endpoint, https (`oidcTokenUrl`). */
  readonly tokenUrl: string;
  /**
   * Where the server publishes its signing keys (`oidcJwksUrl`, default
   * `<issuer>/.well-known/jwks.json`).
   */
  readonly jwksUrl: string;
  /**
   * The userInfo endpoint, https (`oidcUserInfoUrl`): the greeting reads the profile there.
   * @default - none: the skill has no profile to read
   */
  readonly userInfoUrl?: string;
  /** The scopes Alexa asks for (`oidcScopes`, default DEFAULT_OIDC_SCOPES). */
  readonly scopes: readonly string[];
}

/** The linking server's settings, told apart by `kind`. */
export type LinkingServerSettings =
  CognitoServerSettings | LoginWithAmazonServerSettings | OidcServerSettings;

// The client ID of a Login with Amazon security profile.
const LWA_CLIENT_ID = /^amzn1\.application-oa2-client\.[0-9a-f]{32}$/;

/**
 * True for a Login with Amazon Client ID: "amzn1.application-oa2-client." and 32 lower-case hex
 * digits.
 */
export function isLwaClientId(value: string): boolean {
  return LWA_CLIENT_ID.test(value);
}

/**
 * Throws an InvalidSettingError naming `key` (default `lwaClientId`) unless the value is a Login
 * with Amazon Client ID.
 */
export function assertIsLwaClientId(value: string, key = 'lwaClientId'): void {
  if (!isLwaClientId(value)) {
    throw new InvalidSettingError(
      key,
      value,
      'the Client ID of a Login with Amazon security profile, "amzn1.application-oa2-client." followed by 32 lower-case hex digits (Login with Amazon console > Security Profiles > Web Settings)'
    );
  }
}

/**
 * Throws an InvalidSettingError naming `key` unless the value is an absolute https:// URL;
 * `example` shows a valid one.
 */
export function assertIsHttpsSetting(key: string, value: string, example: string): void {
  if (!isHttpsUrl(value)) {
    throw new InvalidSettingError(key, value, `an absolute https:// URL (e.g. "${example}")`);
  }
}

/** The default JWKS location of an issuer: `<issuer without trailing slash>/.well-known/jwks.json`. */
export function defaultJwksUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

// A secret name (letters, digits and /_+=.@-) or a Secrets Manager secret ARN.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRETS_MANAGER_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * Reads a client secret given by name: a Secrets Manager secret name or ARN. SSM parameters are
 * refused, SecureString ones with the reason: CloudFormation cannot resolve `ssm-secure` in an
 * identity provider's `ProviderDetails`, nor does the Alexa console take one.
 */
export function secretNameSetting(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const expected = `the name or ARN of a Secrets Manager secret whose JSON field "clientSecret" holds the client secret (e.g. "alexa/client-secret")`;
  if (typeof value !== 'string') throw new InvalidSettingError(key, value, expected);
  if (/ssm-secure|^arn:aws[a-z-]*:ssm:/i.test(value)) {
    throw new InvalidSettingError(
      key,
      value,
      `${expected}. SSM parameters (SecureString included) are not supported: CloudFormation does not resolve ssm-secure references in an identity provider's ProviderDetails, so move the secret to Secrets Manager`
    );
  }
  if (value.startsWith('arn:')) {
    if (!SECRETS_MANAGER_ARN.test(value)) {
      throw new InvalidSettingError(
        key,
        value,
        `${expected}; an ARN must be a Secrets Manager secret ARN ("arn:aws:secretsmanager:<region>:<account>:secret:<name>")`
      );
    }
    return value;
  }
  // A dynamic reference ("{{resolve:...}}") is refused here too: the name holds no braces.
  if (!SECRET_NAME.test(value)) {
    throw new InvalidSettingError(key, value, expected);
  }
  return value;
}

/** What readLinkingServerSettings found. */
export interface LinkingServerSettingsResult {
  /** The selected server and its settings. */
  readonly linkingServer: LinkingServerSettings;
  /** Context keys that were given but mean nothing with the selected server. */
  readonly ignoredKeys: readonly string[];
}

/** Reads `linkingServer` and the keys of the selected server; `read(key)` returns the raw context value. */
export function readLinkingServerSettings(
  read: (key: string) => unknown
): LinkingServerSettingsResult {
  const kind = linkingServerName(read('linkingServer'));
  const ignoredKeys = LINKING_SERVERS.filter((server) => server !== kind)
    .flatMap((server) => KEYS_OF[server])
    .filter((key) => isGiven(read(key)));
  return { linkingServer: readServer(kind, read), ignoredKeys };
}

function readServer(
  kind: LinkingServerName,
  read: (key: string) => unknown
): LinkingServerSettings {
  switch (kind) {
    case 'cognito':
      return { kind };
    case 'login-with-amazon':
      return readLoginWithAmazon(read);
    case 'oidc':
      return readOidc(read);
  }
}

function linkingServerName(value: unknown): LinkingServerName {
  if (!isGiven(value)) return 'cognito';
  if (typeof value === 'string' && (LINKING_SERVERS as readonly string[]).includes(value)) {
    return value as LinkingServerName;
  }
  throw new InvalidSettingError(
    'linkingServer',
    value,
    `one of ${LINKING_SERVERS.map((s) => `"${s}"`).join(', ')} (default "cognito")`
  );
}

// Each reader checks every key of its server before throwing, so one synth lists every problem.
function readLoginWithAmazon(read: (key: string) => unknown): LoginWithAmazonServerSettings {
  const problems = new SettingProblems();
  const clientId = problems.attempt(() => {
    const value = requiredString(
      read,
      'lwaClientId',
      'the Client ID of your Login with Amazon security profile (e.g. "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef")'
    );
    assertIsLwaClientId(value);
    return value;
  }, '');
  const scopes = problems.attempt(() => {
    const names = listSetting('lwaScopes', read('lwaScopes')) ?? ['profile'];
    if (names.some((name) => !(LWA_SCOPE_NAMES as readonly string[]).includes(name))) {
      throw new InvalidSettingError(
        'lwaScopes',
        read('lwaScopes'),
        `a comma-separated list of ${LWA_SCOPE_NAMES.join(', ')} (e.g. "profile")`
      );
    }
    return names as LwaScopeName[];
  }, []);
  const clientSecretName = problems.attempt(
    () => secretNameSetting('lwaClientSecretName', read('lwaClientSecretName')),
    undefined
  );
  problems.throwIfAny();
  return { kind: 'login-with-amazon', clientId, clientSecretName, scopes };
}

function readOidc(read: (key: string) => unknown): OidcServerSettings {
  const problems = new SettingProblems();
  const url = (key: string, example: string): string =>
    problems.attempt(() => {
      const value = requiredString(read, key, `an absolute https:// URL (e.g. "${example}")`);
      assertIsHttpsSetting(key, value, example);
      return value;
    }, '');
  const optionalUrl = (key: string, example: string): string | undefined =>
    isGiven(read(key)) ? url(key, example) : undefined;
  const required = (key: string, expected: string): string =>
    problems.attempt(() => requiredString(read, key, expected), '');

  // Not trimmed or normalized: the token's iss claim must equal it byte for byte.
  const issuer = problems.attempt(() => {
    const value = read('oidcIssuer');
    if (typeof value !== 'string' || !isHttpsUrl(value)) {
      throw new InvalidSettingError(
        'oidcIssuer',
        value,
        'the issuer of your OIDC server as an https:// URL, exactly as its tokens carry it in "iss" (e.g. "https://tenant.eu.auth0.com/", with the trailing slash for Auth0)'
      );
    }
    return value;
  }, '');
  const audience = required(
    'oidcAudience',
    'the API identifier (audience) the access tokens are minted for (e.g. "https://alexa.example.com/api"); without one, Auth0 issues opaque access tokens the skill cannot verify'
  );
  const clientId = required(
    'oidcClientId',
    'the client ID of the application you created for Alexa on your OIDC server'
  );
  const scopes = problems.attempt(() => {
    const names = listSetting('oidcScopes', read('oidcScopes')) ?? [...DEFAULT_OIDC_SCOPES];
    if (names.length === 0 || names.some((scope) => /\s/.test(scope))) {
      throw new InvalidSettingError(
        'oidcScopes',
        read('oidcScopes'),
        'a comma-separated list of scope names (e.g. "openid,profile,email,offline_access")'
      );
    }
    return names;
  }, []);
  const settings: OidcServerSettings = {
    kind: 'oidc',
    issuer,
    audience,
    clientId,
    clientSecretName: problems.attempt(
      () => secretNameSetting('oidcClientSecretName', read('oidcClientSecretName')),
      undefined
    ),
    authorizationUrl: url('oidcAuthorizationUrl', 'https://tenant.eu.auth0.com/authorize'),
    tokenUrl: url('oidcTokenUrl', 'https://tenant.eu.auth0.com/oauth/token'),
    jwksUrl:
      optionalUrl('oidcJwksUrl', 'https://tenant.eu.auth0.com/.well-known/jwks.json') ??
      defaultJwksUrl(issuer),
    userInfoUrl: optionalUrl('oidcUserInfoUrl', 'https://tenant.eu.auth0.com/userinfo'),
    scopes,
  };
  problems.throwIfAny();
  return settings;
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function requiredString(read: (key: string) => unknown, key: string, expected: string): string {
  const value = read(key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidSettingError(key, value, expected);
  }
  return value.trim();
}
