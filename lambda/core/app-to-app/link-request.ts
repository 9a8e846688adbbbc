/**
 * What the app's backend sends, checked before anything is called. Pure: no SDK, no network.
 *
 * Link (POST, JSON body): the Amazon authorization code the app got from the Alexa app or Login
 * with Amazon, its PKCE verifier when the app used one, your server's authorization code for the
 * same user, the redirect URL both were issued for (one of the skill's appRedirectUrls) and,
 * optionally, the skill stage. Status (GET) and unlink (DELETE) need an Amazon access token too, so
 * they take a fresh Amazon code and its redirect URL in headers (never in the query string, which
 * access logs keep).
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html
 */
import type { EnablementAnswer } from './enablement-answer';

export type SkillStageName = 'development' | 'live';

/** The function's configuration, from its environment. */
export interface AppToAppConfig {
  readonly skillId: string;
  /** The redirect URLs the skill lists for app-to-app (appRedirectUrls). */
  readonly redirectUrls: readonly string[];
  /** The stages the skill is linked in; the first is the default. */
  readonly stages: readonly SkillStageName[];
}

/** The Amazon side of a request: enough to get the user's Amazon access token. */
export interface AmazonGrant {
  readonly code: string;
  readonly codeVerifier?: string;
  readonly redirectUri: string;
}

export interface LinkRequest {
  readonly amazon: AmazonGrant;
  /** Your server's authorization code, which Alexa exchanges at your token endpoint. */
  readonly authorizationCode: string;
  readonly stage: SkillStageName;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: EnablementAnswer };

// OAuth codes and PKCE verifiers are printable ASCII without spaces (RFC 6749 §A.11, RFC 7636 §4.1).
const CODE = /^[\x21-\x7e]{1,2048}$/;

/** Reads a link request's JSON body. */
export function parseLinkRequest(
  body: string | undefined,
  config: AppToAppConfig
): Parsed<LinkRequest> {
  let value: unknown;
  try {
    value = body === undefined ? undefined : JSON.parse(body);
  } catch {
    // Not JSON: value stays undefined and is refused below.
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(
      'a JSON object body: {"amazonAuthorizationCode", "authorizationCode", "redirectUri", optional "amazonCodeVerifier" and "stage"}'
    );
  }
  const fields = value as Record<string, unknown>;
  const amazon = grantOf(
    fields.amazonAuthorizationCode,
    fields.amazonCodeVerifier,
    fields.redirectUri,
    config,
    { code: 'amazonAuthorizationCode', verifier: 'amazonCodeVerifier', redirect: 'redirectUri' }
  );
  if (!amazon.ok) return amazon;
  if (!isCode(fields.authorizationCode)) {
    return bad(
      "authorizationCode: your server's authorization code for this user, issued for redirectUri"
    );
  }
  const stage = fields.stage ?? config.stages[0];
  if (!config.stages.includes(stage as SkillStageName)) {
    return bad(
      `stage: one of ${config.stages.map((s) => `"${s}"`).join(', ')} (the skill stages this stack links)`
    );
  }
  return {
    ok: true,
    value: {
      amazon: amazon.value,
      authorizationCode: fields.authorizationCode,
      stage: stage as SkillStageName,
    },
  };
}

/** Header names of status and unlink requests (lower case, as API Gateway's payload 2.0 gives them). */
export const AMAZON_CODE_HEADER = 'x-amazon-authorization-code';
export const AMAZON_VERIFIER_HEADER = 'x-amazon-code-verifier';
export const REDIRECT_URI_HEADER = 'x-redirect-uri';

/** Reads the Amazon code of a status or unlink request from its headers. */
export function parseGrantHeaders(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  config: AppToAppConfig
): Parsed<AmazonGrant> {
  const h = headers ?? {};
  return grantOf(h[AMAZON_CODE_HEADER], h[AMAZON_VERIFIER_HEADER], h[REDIRECT_URI_HEADER], config, {
    code: `header ${AMAZON_CODE_HEADER}`,
    verifier: `header ${AMAZON_VERIFIER_HEADER}`,
    redirect: `header ${REDIRECT_URI_HEADER}`,
  });
}

function grantOf(
  code: unknown,
  verifier: unknown,
  redirectUri: unknown,
  config: AppToAppConfig,
  names: { code: string; verifier: string; redirect: string }
): Parsed<AmazonGrant> {
  if (!isCode(code)) {
    return bad(
      `${names.code}: the Amazon authorization code your app received (scope alexa::skills:account_linking)`
    );
  }
  if (verifier !== undefined && !isCode(verifier)) {
    return bad(
      `${names.verifier}: the PKCE code verifier the Amazon code was requested with, or nothing`
    );
  }
  if (typeof redirectUri !== 'string' || !config.redirectUrls.includes(redirectUri)) {
    // The URL is not secret: echoing it helps the app's developer see the mismatch.
    return bad(
      `${names.redirect}: one of the skill's appRedirectUrls (${config.redirectUrls.join(', ')}); received ${JSON.stringify(redirectUri ?? null)}`
    );
  }
  return {
    ok: true,
    value: { code, redirectUri, ...(verifier !== undefined ? { codeVerifier: verifier } : {}) },
  };
}

function isCode(value: unknown): value is string {
  return typeof value === 'string' && CODE.test(value);
}

function bad(expected: string): { ok: false; answer: EnablementAnswer } {
  return {
    ok: false,
    answer: {
      statusCode: 400,
      body: { error: 'invalid_request', retryable: false, message: `Expected ${expected}.` },
    },
  };
}

/** Environment variable names the construct sets and the function reads. */
export const APP_TO_APP_ENV = {
  skillId: 'SKILL_ID',
  redirectUrls: 'APP_REDIRECT_URLS',
  stages: 'SKILL_STAGES',
  secretId: 'APP_TO_APP_SECRET_ID',
} as const;

/** Reads the configuration from the environment; throws naming the variable when one is wrong. */
export function appToAppConfigFrom(
  env: Readonly<Record<string, string | undefined>>
): AppToAppConfig {
  const list = (name: string) =>
    (env[name] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const skillId = env[APP_TO_APP_ENV.skillId];
  const redirectUrls = list(APP_TO_APP_ENV.redirectUrls);
  const stages = list(APP_TO_APP_ENV.stages);
  if (!skillId?.startsWith('amzn1.ask.skill.')) {
    throw new Error(`${APP_TO_APP_ENV.skillId} must hold the skill ID (amzn1.ask.skill.…).`);
  }
  if (redirectUrls.length === 0) {
    throw new Error(
      `${APP_TO_APP_ENV.redirectUrls} must list the skill's app redirect URLs, comma-separated.`
    );
  }
  if (stages.length === 0 || !stages.every((s) => s === 'development' || s === 'live')) {
    throw new Error(`${APP_TO_APP_ENV.stages} must list development and/or live, comma-separated.`);
  }
  return { skillId, redirectUrls, stages: stages as SkillStageName[] };
}
