/**
 * The skill's settings, read once per container from the environment the stack sets. Pure: every
 * bad variable is reported (by name, with the value received and the form expected) in one error,
 * so a misconfigured function says everything that is wrong on its first start.
 *
 * The environment contract (the stack sets exactly these):
 * - always: SKILL_ID, LINKING_SERVER (`cognito` when absent | `login-with-amazon` | `oidc`);
 * - cognito: USER_POOL_ID, USER_POOL_CLIENT_ID, SIGN_IN_DOMAIN_URL;
 * - login-with-amazon: LWA_CLIENT_ID;
 * - oidc: OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID, OIDC_JWKS_URL, OIDC_USERINFO_URL (optional);
 * - any server, optional: STAGE_CLIENT_IDS, the comma-separated client IDs of skill stages with a
 *   client of their own (a separate client for live): tokens of these are accepted beside the
 *   server's client, and of no other.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export const LINKING_SERVERS = ['cognito', 'login-with-amazon', 'oidc'] as const;
export type LinkingServer = (typeof LINKING_SERVERS)[number];

/** The clients of skill stages with their own (STAGE_CLIENT_IDS); absent when every stage shares one. */
export interface StageClients {
  /** Accepted beside the server's client ID: each stage's tokens name its own client. */
  readonly stageClientIds?: readonly string[];
}

export interface CognitoLinkingConfig extends StageClients {
  readonly linkingServer: 'cognito';
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** Base URL of the sign-in domain, e.g. https://acme.auth.us-east-1.amazoncognito.com */
  readonly signInDomainUrl: string;
}

export interface LoginWithAmazonLinkingConfig extends StageClients {
  readonly linkingServer: 'login-with-amazon';
  /** The security profile's client ID: token-info's `aud` must equal it. */
  readonly lwaClientId: string;
}

export interface OidcLinkingConfig extends StageClients {
  readonly linkingServer: 'oidc';
  /** Kept byte for byte (trailing slash included): the token's `iss` must equal it exactly. */
  readonly oidcIssuer: string;
  readonly oidcAudience: string;
  /** The Alexa application's client ID: a token's `azp`, `client_id` or `cid` must equal it. */
  readonly oidcClientId: string;
  readonly oidcJwksUrl: string;
  /** When set, the greeting reads the user's name and email from it. */
  readonly oidcUserInfoUrl?: string;
}

/**
 * The linking server's settings, read from the function's environment, told apart by
 * `linkingServer`.
 */
export type LinkingConfig = CognitoLinkingConfig | LoginWithAmazonLinkingConfig | OidcLinkingConfig;

/** Everything the custom skill reads from its environment. */
export type SkillConfig = { readonly skillId: string } & LinkingConfig;

/**
 * The function's environment lacks a setting or holds a bad one: the message names each variable
 * (and, from the runtime API, the constructs that set them).
 */
export class SkillConfigError extends Error {
  /** One line per bad variable, each naming it. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SkillConfigError';
    this.problems = problems;
  }
}

/** An Alexa skill ID, as SKILL_ID holds it. */
export const SKILL_ID = /^amzn1\.ask\.skill\.[0-9a-f-]{36}$/;
const USER_POOL_ID = /^[a-z]{2}-[a-z0-9-]+_[A-Za-z0-9]+$/;
const CLIENT_ID = /^[a-z0-9]{1,128}$/;
const LWA_CLIENT_ID = /^amzn1\.application-oa2-client\.[0-9a-f]{32}$/;
// An API identifier: Auth0 uses a URL-like string, others a name. Printable, no spaces, bounded.
const AUDIENCE = /^[\x21-\x7e]{1,512}$/;
// An OIDC client ID in the STAGE_CLIENT_IDS list: printable, no spaces, no comma (the separator).
const LISTED_OIDC_CLIENT_ID = /^[\x21-\x2b\x2d-\x7e]{1,512}$/;

export function loadSkillConfig(env: Env): SkillConfig {
  const problems: string[] = [];
  const skillId = variable(env, 'SKILL_ID', SKILL_ID, 'amzn1.ask.skill.<uuid>', problems);
  const linking = readLinkingConfig(env, problems);
  if (problems.length > 0 || skillId === undefined || linking === undefined) {
    throw new SkillConfigError(problems);
  }
  return { skillId, ...linking };
}

/** The skill ID alone, for a skill whose linking verifier is given rather than read. */
export function loadSkillId(env: Env): string {
  const problems: string[] = [];
  const skillId = variable(env, 'SKILL_ID', SKILL_ID, 'amzn1.ask.skill.<uuid>', problems);
  if (skillId === undefined) throw new SkillConfigError(problems);
  return skillId;
}

/**
 * Said after the problems when the runtime API (lambda/runtime) reads its settings from a
 * function's environment: which variables it needs, and what sets them.
 */
export const LINKING_SETTINGS_HINT =
  "The runtime API reads the linking settings from the function's environment. The SkillFunction " +
  'and SmartHomeFunction constructs (alexa-account-linking) set them on the functions they create, ' +
  'and allowAccountLinking(fn, props) on a function defined elsewhere; without them, a function ' +
  "needs SKILL_ID, LINKING_SERVER and its server's variables " +
  '(cognito: USER_POOL_ID, USER_POOL_CLIENT_ID, SIGN_IN_DOMAIN_URL; login-with-amazon: LWA_CLIENT_ID; ' +
  'oidc: OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID, OIDC_JWKS_URL and optionally OIDC_USERINFO_URL), ' +
  'or the settings passed explicitly.';

/** The same problems, followed by LINKING_SETTINGS_HINT. */
export function withLinkingSettingsHint(error: SkillConfigError): SkillConfigError {
  return new SkillConfigError([...error.problems, LINKING_SETTINGS_HINT]);
}

/** The linking server's settings alone (the smart-home skill and tests read only these). */
export function loadLinkingConfig(env: Env): LinkingConfig {
  const problems: string[] = [];
  const linking = readLinkingConfig(env, problems);
  if (problems.length > 0 || linking === undefined) throw new SkillConfigError(problems);
  return linking;
}

/**
 * The settings of the server LINKING_SERVER names. Each server's checks sit behind
 * `process.env.LINKING_SERVER` written out in full, as the adapters do (lambda/verifiers/index.ts):
 * a bundle built with esbuild's define for one server folds the other tests to `false` and keeps
 * only its own server's checks and messages. Without a define (tests, tsx) every server's are in.
 */
function readLinkingConfig(env: Env, problems: string[]): LinkingConfig | undefined {
  const server = env.LINKING_SERVER ?? 'cognito';
  if (server === 'cognito' && (process.env.LINKING_SERVER ?? 'cognito') === 'cognito') {
    return readCognitoConfig(env, problems);
  }
  if (
    server === 'login-with-amazon' &&
    (process.env.LINKING_SERVER ?? 'login-with-amazon') === 'login-with-amazon'
  ) {
    return readLoginWithAmazonConfig(env, problems);
  }
  if (server === 'oidc' && (process.env.LINKING_SERVER ?? 'oidc') === 'oidc') {
    return readOidcConfig(env, problems);
  }
  problems.push(
    (LINKING_SERVERS as readonly string[]).includes(server)
      ? `Environment variable LINKING_SERVER is "${server}", but this bundle was built for "${process.env.LINKING_SERVER}"; rebuild it for ${server}.`
      : `Environment variable LINKING_SERVER is "${server}"; expected one of ${LINKING_SERVERS.join(', ')} (cognito when unset).`
  );
  return undefined;
}

function readCognitoConfig(env: Env, problems: string[]): CognitoLinkingConfig | undefined {
  const userPoolId = variable(
    env,
    'USER_POOL_ID',
    USER_POOL_ID,
    '<region>_<id>, e.g. us-east-1_AbCdEf123',
    problems
  );
  const userPoolClientId = variable(
    env,
    'USER_POOL_CLIENT_ID',
    CLIENT_ID,
    'the app client ID (lower-case letters and digits)',
    problems
  );
  const signInDomainUrl = url(
    env,
    'SIGN_IN_DOMAIN_URL',
    "the sign-in domain's base URL, e.g. https://acme.auth.us-east-1.amazoncognito.com",
    problems,
    { baseOnly: true }
  );
  const stages = stageClientIds(env, CLIENT_ID, 'app client IDs of the user pool', problems);
  return userPoolId && userPoolClientId && signInDomainUrl
    ? {
        linkingServer: 'cognito',
        userPoolId,
        userPoolClientId,
        signInDomainUrl: new URL(signInDomainUrl).origin,
        ...stages,
      }
    : undefined;
}

function readLoginWithAmazonConfig(
  env: Env,
  problems: string[]
): LoginWithAmazonLinkingConfig | undefined {
  const lwaClientId = variable(
    env,
    'LWA_CLIENT_ID',
    LWA_CLIENT_ID,
    "the security profile's client ID, amzn1.application-oa2-client.<32 lower-case hex digits>",
    problems
  );
  const stages = stageClientIds(
    env,
    LWA_CLIENT_ID,
    'security profile client IDs, amzn1.application-oa2-client.<32 lower-case hex digits>',
    problems
  );
  return lwaClientId ? { linkingServer: 'login-with-amazon', lwaClientId, ...stages } : undefined;
}

function readOidcConfig(env: Env, problems: string[]): OidcLinkingConfig | undefined {
  const oidcIssuer = url(
    env,
    'OIDC_ISSUER',
    'the issuer exactly as the server writes it in `iss`, e.g. https://tenant.eu.auth0.com/',
    problems,
    { keepExact: true }
  );
  const oidcAudience = variable(
    env,
    'OIDC_AUDIENCE',
    AUDIENCE,
    'the API identifier access tokens are minted for (printable, no spaces), e.g. https://api.example.com',
    problems
  );
  const oidcClientId = variable(
    env,
    'OIDC_CLIENT_ID',
    AUDIENCE,
    'the client ID of the application created for Alexa (printable, no spaces), e.g. AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    problems
  );
  const oidcJwksUrl = url(
    env,
    'OIDC_JWKS_URL',
    'the https URL of the key set, e.g. https://tenant.eu.auth0.com/.well-known/jwks.json',
    problems,
    { keepExact: true }
  );
  const oidcUserInfoUrl =
    env.OIDC_USERINFO_URL === undefined || env.OIDC_USERINFO_URL === ''
      ? undefined
      : url(
          env,
          'OIDC_USERINFO_URL',
          'the https URL of the userInfo endpoint, e.g. https://tenant.eu.auth0.com/userinfo, or unset',
          problems,
          { keepExact: true }
        );
  const stages = stageClientIds(
    env,
    LISTED_OIDC_CLIENT_ID,
    'client IDs of your OIDC server (printable, no spaces)',
    problems
  );
  return oidcIssuer && oidcAudience && oidcClientId && oidcJwksUrl
    ? {
        linkingServer: 'oidc',
        oidcIssuer,
        oidcAudience,
        oidcClientId,
        oidcJwksUrl,
        ...(oidcUserInfoUrl !== undefined && { oidcUserInfoUrl }),
        ...stages,
      }
    : undefined;
}

/**
 * STAGE_CLIENT_IDS: unset or empty when every stage uses the server's client; else a
 * comma-separated list, each entry of the server's client ID form.
 */
function stageClientIds(
  env: Env,
  shape: RegExp,
  expected: string,
  problems: string[]
): StageClients {
  const value = env.STAGE_CLIENT_IDS;
  if (value === undefined || value === '') return {};
  const ids = value.split(',');
  if (ids.some((id) => !shape.test(id))) {
    problems.push(
      `Environment variable STAGE_CLIENT_IDS is "${value}"; expected ${expected}, comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.`
    );
    return {};
  }
  return { stageClientIds: [...new Set(ids)] };
}

function described(value: string | undefined): string {
  return value === undefined ? 'missing' : `"${value}"`;
}

/**
 * The variable's value when it has the expected shape; otherwise undefined, with a problem that
 * names the variable, what it holds and the valid form.
 */
export function variable(
  env: Env,
  name: string,
  shape: RegExp,
  expected: string,
  problems: string[]
): string | undefined {
  const value = env[name];
  if (value === undefined || !shape.test(value)) {
    problems.push(`Environment variable ${name} is ${described(value)}; expected ${expected}.`);
    return undefined;
  }
  return value;
}

/**
 * An https URL. Plain http is accepted only on loopback, for local tests against a stand-in
 * server: a deployed function can never be pointed at a cleartext endpoint.
 */
function url(
  env: Env,
  name: string,
  expected: string,
  problems: string[],
  shape: { baseOnly?: boolean; keepExact?: boolean }
): string | undefined {
  const value = env[name];
  let parsed: URL | undefined;
  try {
    parsed = value === undefined ? undefined : new URL(value);
  } catch {
    // Not a URL: parsed stays undefined.
  }
  const loopback = parsed?.hostname === '127.0.0.1' || parsed?.hostname === 'localhost';
  const ok =
    value !== undefined &&
    parsed !== undefined &&
    (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hash === '' &&
    (!shape.baseOnly || (parsed.pathname === '/' && parsed.search === '')) &&
    (!shape.keepExact || /^[\x21-\x7e]+$/.test(value));
  if (!ok) {
    problems.push(`Environment variable ${name} is ${described(value)}; expected ${expected}.`);
    return undefined;
  }
  return value;
}
