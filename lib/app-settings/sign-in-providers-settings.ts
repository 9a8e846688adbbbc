import { isHttpsUrl } from './https-url';
import { InvalidSettingError } from './invalid-setting-error';
import { isLwaClientId, secretNameSetting } from './linking-server-settings';
import { SettingProblems } from './setting-problems';

/**
 * The sign-in providers the Cognito pool's login page offers besides email and password
 * (`signInWith`, `cognitoSignIn`, `directSignIn`). Pure functions only.
 */
export const SIGN_IN_PROVIDERS = ['amazon', 'google', 'facebook', 'oidc'] as const;
/** One of SIGN_IN_PROVIDERS: a key of `signInWith`, and a value of `directSignIn`. */
export type SignInProviderName = (typeof SIGN_IN_PROVIDERS)[number];

/** The app registered at a social provider (Login with Amazon, Google, Facebook) for the pool. */
export interface SignInProviderClient {
  /** The client (app) ID registered at the provider. */
  readonly clientId: string;
  /** Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the secret. */
  readonly clientSecretName: string;
}

/** The app registered at an OpenID Connect provider for the pool, with its name and issuer. */
export interface OidcSignInProviderClient extends SignInProviderClient {
  /** The provider name shown on the login page and used in `identity_provider=`. */
  readonly name: string;
  /** The issuer URL, https. */
  readonly issuer: string;
}

/** The providers on the login page (`signInWith`), one app each. */
export interface SignInWithSettings {
  /**
   * Login with Amazon.
   * @default - not offered
   */
  readonly amazon?: SignInProviderClient;
  /**
   * Google.
   * @default - not offered
   */
  readonly google?: SignInProviderClient;
  /**
   * Facebook.
   * @default - not offered
   */
  readonly facebook?: SignInProviderClient;
  /**
   * Any OpenID Connect provider.
   * @default - not offered
   */
  readonly oidc?: OidcSignInProviderClient;
}

/** Federated sign-in on the Cognito login page: what readSignInSettings found. */
export interface SignInSettings {
  /**
   * The providers on the login page (`signInWith`).
   * @default - none: the pool offers email and password only
   */
  readonly signInWith?: SignInWithSettings;
  /** Whether email and password sign-in (COGNITO) stays on the login page. */
  readonly cognitoSignIn: boolean;
  /**
   * The provider Alexa users are sent straight to, skipping the choice page (`directSignIn`).
   * @default - none: Alexa users see the login page with every provider
   */
  readonly directSignIn?: SignInProviderName;
}

const EXAMPLE =
  '{"google": {"clientId": "1234-abc.apps.googleusercontent.com", "clientSecretName": "alexa/google"}}';

// Cognito's rule for an identity provider name (aws-cdk-lib applies the same), 3 to 32 characters.
const PROVIDER_NAME = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;
// Names Cognito reserves for its own providers.
const RESERVED_PROVIDER_NAMES = [
  'cognito',
  'loginwithamazon',
  'google',
  'facebook',
  'signinwithapple',
];

const CLIENT_ID_RULES: Record<
  Exclude<SignInProviderName, 'oidc'>,
  { test: (id: string) => boolean; expected: string }
> = {
  amazon: {
    test: isLwaClientId,
    expected:
      'the Client ID of a Login with Amazon security profile, "amzn1.application-oa2-client." followed by 32 lower-case hex digits',
  },
  google: {
    test: (id) => /^[0-9]+-[0-9a-z]+\.apps\.googleusercontent\.com$/.test(id),
    expected:
      'a Google OAuth client ID, "<digits>-<lower-case letters and digits>.apps.googleusercontent.com" (e.g. "1234567890-abc123def456.apps.googleusercontent.com"; Google Cloud console > APIs & Services > Credentials)',
  },
  facebook: {
    test: (id) => /^[0-9]{5,20}$/.test(id),
    expected: 'a Facebook App ID, digits only (Meta for Developers > App settings > Basic)',
  },
};

/**
 * Reads `signInWith`, `cognitoSignIn` and `directSignIn`; `read(key)` returns the raw context value.
 * Every provider and field is checked before anything throws, so one synth lists every problem.
 */
export function readSignInSettings(read: (key: string) => unknown): SignInSettings {
  const problems = new SettingProblems();
  const signInWith = problems.attempt(() => signInWithSetting(read('signInWith')), undefined);
  const cognitoSignIn = problems.attempt(
    () => booleanSetting('cognitoSignIn', read('cognitoSignIn'), true),
    true
  );
  const configured = SIGN_IN_PROVIDERS.filter((name) => signInWith?.[name] !== undefined);
  // Without signInWith nobody else could sign in; an invalid signInWith is reported once, not
  // again as "nobody could sign in".
  if (!cognitoSignIn && !isGiven(read('signInWith'))) {
    problems.add(
      new InvalidSettingError(
        'cognitoSignIn',
        read('cognitoSignIn'),
        `true, unless signInWith names at least one provider: without either nobody could sign in (e.g. signInWith ${EXAMPLE})`
      )
    );
  }
  const directSignIn = read('directSignIn');
  if (
    isGiven(directSignIn) &&
    (typeof directSignIn !== 'string' || !(configured as string[]).includes(directSignIn))
  ) {
    problems.add(
      new InvalidSettingError(
        'directSignIn',
        directSignIn,
        configured.length > 0
          ? `one of the providers in signInWith: ${configured.map((n) => `"${n}"`).join(', ')}`
          : `one of ${SIGN_IN_PROVIDERS.map((n) => `"${n}"`).join(', ')}, configured in signInWith (e.g. ${EXAMPLE})`
      )
    );
  }
  problems.throwIfAny();
  if (!isGiven(directSignIn)) return { signInWith, cognitoSignIn };
  return { signInWith, cognitoSignIn, directSignIn: directSignIn as SignInProviderName };
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** `signInWith` is a JSON object in cdk.json, or the same object as a JSON string with `-c`. */
function signInWithSetting(raw: unknown): SignInWithSettings | undefined {
  if (!isGiven(raw)) return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new InvalidSettingError('signInWith', raw, `a JSON object (e.g. ${EXAMPLE})`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidSettingError('signInWith', raw, `a JSON object (e.g. ${EXAMPLE})`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    throw new InvalidSettingError(
      'signInWith',
      raw,
      `at least one of ${SIGN_IN_PROVIDERS.join(', ')} (e.g. ${EXAMPLE})`
    );
  }
  const problems = new SettingProblems();
  const result: Record<string, SignInProviderClient> = {};
  const unknown = entries.map(([name]) => name).filter((name) => !isProviderName(name));
  if (unknown.length > 0) {
    // The provider names only: the entries may hold what must not reach a log.
    problems.add(
      new InvalidSettingError(
        'signInWith',
        entries.map(([name]) => name),
        `providers among ${SIGN_IN_PROVIDERS.map((n) => `"${n}"`).join(', ')} (received the unknown provider ${unknown.map((n) => `"${n}"`).join(', ')})`
      )
    );
  }
  for (const [name, entry] of entries) {
    if (!isProviderName(name)) continue;
    const client = problems.attempt(() => providerClient(name, entry), undefined);
    if (client) result[name] = client;
  }
  problems.throwIfAny();
  return result as SignInWithSettings;
}

function isProviderName(name: string): name is SignInProviderName {
  return (SIGN_IN_PROVIDERS as readonly string[]).includes(name);
}

const FIELDS: Record<SignInProviderName, readonly string[]> = {
  amazon: ['clientId', 'clientSecretName'],
  google: ['clientId', 'clientSecretName'],
  facebook: ['clientId', 'clientSecretName'],
  oidc: ['name', 'issuer', 'clientId', 'clientSecretName'],
};

function providerClient(name: SignInProviderName, entry: unknown): SignInProviderClient {
  const key = `signInWith.${name}`;
  const fields = `{${FIELDS[name].map((f) => `"${f}"`).join(', ')}}`;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new InvalidSettingError(key, entry, `an object with ${fields}`);
  }
  const record = entry as Record<string, unknown>;
  const problems = new SettingProblems();
  // A field that is not read would be ignored; a "clientSecret" field would put a secret in cdk.json.
  for (const extra of Object.keys(record).filter((f) => !FIELDS[name].includes(f))) {
    problems.add(
      new InvalidSettingError(
        `${key}.${extra}`,
        /secret|password|token/i.test(extra) ? '(value withheld)' : record[extra],
        `no such field: ${key} takes ${fields}${/secret/i.test(extra) ? ', and the secret itself belongs in Secrets Manager, named by clientSecretName' : ''}`
      )
    );
  }
  const field = (field: string): string =>
    problems.attempt(() => {
      const value = record[field];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidSettingError(`${key}.${field}`, value, `a string: ${key} needs ${fields}`);
      }
      return value.trim();
    }, '');

  // A field refused as missing comes back as '' and fails its next check too; throwIfAny reports
  // one problem per setting, the first.
  const clientId = field('clientId');
  if (name !== 'oidc' && !CLIENT_ID_RULES[name].test(clientId)) {
    problems.add(
      new InvalidSettingError(`${key}.clientId`, clientId, CLIENT_ID_RULES[name].expected)
    );
  }
  const clientSecretName =
    problems.attempt(
      () => secretNameSetting(`${key}.clientSecretName`, field('clientSecretName')),
      undefined
    ) ?? '';
  if (name !== 'oidc') {
    problems.throwIfAny();
    return { clientId, clientSecretName };
  }

  const providerName = field('name');
  // PROVIDER_NAME needs three characters or more.
  if (
    providerName.length > 32 ||
    !PROVIDER_NAME.test(providerName) ||
    RESERVED_PROVIDER_NAMES.includes(providerName.toLowerCase())
  ) {
    problems.add(
      new InvalidSettingError(
        `${key}.name`,
        providerName,
        'the name shown on the sign-in button, 3 to 32 characters without spaces or underscores at either end, and not a name Cognito reserves (e.g. "Auth0")'
      )
    );
  }
  const issuer = field('issuer');
  if (!isHttpsUrl(issuer)) {
    problems.add(
      new InvalidSettingError(
        `${key}.issuer`,
        issuer,
        'the issuer as an https:// URL (e.g. "https://tenant.eu.auth0.com/")'
      )
    );
  }
  problems.throwIfAny();
  const oidc: OidcSignInProviderClient = {
    name: providerName,
    issuer,
    clientId,
    clientSecretName,
  };
  return oidc;
}

function booleanSetting(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InvalidSettingError(key, value, 'true or false');
}
