/**
 * What the token-exchange recorder keeps of one exchange between Alexa and the linking server's
 * token endpoint: the grant type, the outcome, the OAuth error, latency, the token lifetime, the
 * client ID and the Alexa region. Never the code, a token, the client secret or the Authorization
 * header: the record is built from a short list of derived fields, and the one free-text field
 * (`error_description`) has every credential of the exchange cut out before it is kept.
 * Pure: no I/O.
 */
import { redactCredentials } from '../link-settings/redact-credentials';

/** The message of the log line each exchange leaves: `npm run linking-log` and doctor look for it. */
export const EXCHANGE_LOG_MESSAGE = 'token exchange';

/** Alexa refuses an access token that lives less than this (its own refresh margin). */
export const MIN_EXPIRES_IN_SECONDS = 360;

/** The grant types Alexa sends; anything else is recorded as `other`. */
export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;
export type RecordedGrantType = (typeof GRANT_TYPES)[number] | 'other';

/** RFC 6749 section 5.2's error codes, plus the two a server may answer with when overloaded. */
export const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
] as const;

/**
 * How an exchange ended, one word each (a metric dimension, so the set is closed): `ok`, an OAuth
 * error code, `other_error` for an error the list does not know, or what the recorder itself
 * answered: `timeout` (504), `unreachable` (502), `redirect_refused` (502), `not_json`.
 */
export type ExchangeOutcome =
  | 'ok'
  | (typeof OAUTH_ERRORS)[number]
  | 'other_error'
  | 'timeout'
  | 'unreachable'
  | 'redirect_refused'
  | 'not_json';

/** Where each Alexa region's redirect URL points: the region is known for code exchanges only. */
const REGION_BY_REDIRECT_HOST: Readonly<Record<string, string>> = {
  'pitangui.amazon.com': 'NA',
  'layla.amazon.com': 'EU',
  'alexa.amazon.co.jp': 'FE',
};

/** What the recorder reads of Alexa's request: the form fields and the Authorization header. */
export interface TokenRequest {
  readonly form: URLSearchParams;
  readonly authorization?: string;
}

/** What the recorder saw come back, or why nothing did. */
export type TokenAnswer =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly contentType?: string;
      readonly body: string;
    }
  | { readonly kind: 'timeout' | 'unreachable' | 'redirect_refused'; readonly status: number };

/** One exchange as the log line and the metrics show it. */
export interface ExchangeRecord {
  readonly grantType: RecordedGrantType;
  readonly status: number;
  readonly outcome: ExchangeOutcome;
  /** The OAuth `error` as the server sent it, when it is a plain error code. */
  readonly error?: string;
  /** The server's `error_description`, every credential of the exchange cut out, at most 200 characters. */
  readonly errorDescription?: string;
  readonly latencyMs: number;
  readonly expiresInPresent: boolean;
  readonly expiresIn?: number;
  readonly refreshTokenPresent: boolean;
  /** `ok` with no `expires_in`, or one under 360 s: Alexa refuses the token. */
  readonly shortLived: boolean;
  readonly clientId?: string;
  /** NA, EU or FE, from the code exchange's redirect_uri; absent for refreshes. */
  readonly alexaRegion?: string;
}

// RFC 6749 appendix A: client IDs and error codes are printable ASCII; this also keeps a log line
// from being split or faked. Lengths are capped so nothing large rides along.
const CLIENT_ID = /^[\x21-\x7E]{1,128}$/;
const ERROR_CODE = /^[a-z0-9_.-]{1,64}$/i;
const MAX_DESCRIPTION = 200;

/** The client credentials Alexa sent: HTTP Basic (`id:secret`, each form-encoded) or form fields. */
export function clientCredentialsOf(request: TokenRequest): {
  clientId?: string;
  clientSecret?: string;
} {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.authorization ?? '');
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      return {
        clientId: formDecode(decoded.slice(0, colon)),
        clientSecret: formDecode(decoded.slice(colon + 1)),
      };
    }
  }
  return {
    clientId: request.form.get('client_id') ?? undefined,
    clientSecret: request.form.get('client_secret') ?? undefined,
  };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Every value of the exchange that must never be kept, in the forms it arrives in. */
export function secretsOf(request: TokenRequest, answerBody?: string): string[] {
  const { clientSecret } = clientCredentialsOf(request);
  const fields = ['code', 'refresh_token', 'client_secret', 'code_verifier', 'assertion'];
  const fromForm = fields.flatMap((field) => request.form.getAll(field));
  const fromAnswer = tokensInAnswer(answerBody);
  const header = request.authorization;
  const basic = header?.replace(/^\S+\s+/, '');
  return [...fromForm, ...fromAnswer, clientSecret, header, basic].filter(
    (value): value is string => typeof value === 'string' && value !== ''
  );
}

function tokensInAnswer(body: string | undefined): string[] {
  const json = parseJsonObject(body);
  if (!json) return [];
  return ['access_token', 'refresh_token', 'id_token']
    .map((field) => json[field])
    .filter((value): value is string => typeof value === 'string');
}

function parseJsonObject(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function grantTypeOf(form: URLSearchParams): RecordedGrantType {
  const value = form.get('grant_type');
  return (GRANT_TYPES as readonly (string | null)[]).includes(value)
    ? (value as RecordedGrantType)
    : 'other';
}

/** NA, EU or FE when the redirect_uri is one of Alexa's, else undefined. */
export function alexaRegionOf(redirectUri: string | null): string | undefined {
  if (!redirectUri) return undefined;
  try {
    return REGION_BY_REDIRECT_HOST[new URL(redirectUri).hostname];
  } catch {
    return undefined;
  }
}

function outcomeOf(status: number, error: string | undefined): ExchangeOutcome {
  if (status >= 200 && status < 300 && error === undefined) return 'ok';
  if (error !== undefined && (OAUTH_ERRORS as readonly string[]).includes(error)) {
    return error as ExchangeOutcome;
  }
  return 'other_error';
}

/** The record of one exchange. `latencyMs` is measured by the caller. */
export function recordExchange(
  request: TokenRequest,
  answer: TokenAnswer,
  latencyMs: number
): ExchangeRecord {
  const answerBody = answer.kind === 'answered' ? answer.body : undefined;
  const secrets = secretsOf(request, answerBody);
  const { clientId } = clientCredentialsOf(request);
  const base = {
    grantType: grantTypeOf(request.form),
    status: answer.status,
    latencyMs: Math.round(latencyMs),
    ...(clientId !== undefined && CLIENT_ID.test(clientId) && !secrets.includes(clientId)
      ? { clientId }
      : {}),
    ...optional('alexaRegion', alexaRegionOf(request.form.get('redirect_uri'))),
  };
  if (answer.kind !== 'answered') {
    return {
      ...base,
      outcome: answer.kind,
      expiresInPresent: false,
      refreshTokenPresent: false,
      shortLived: false,
    };
  }
  const json = parseJsonObject(answer.body);
  if (!json) {
    return {
      ...base,
      outcome: answer.status >= 200 && answer.status < 300 ? 'not_json' : 'other_error',
      expiresInPresent: false,
      refreshTokenPresent: false,
      shortLived: false,
    };
  }
  const rawError = typeof json.error === 'string' ? json.error : undefined;
  const error = rawError !== undefined && ERROR_CODE.test(rawError) ? rawError : undefined;
  const outcome = outcomeOf(answer.status, rawError === undefined ? undefined : (error ?? '?'));
  const expiresIn = expiresInOf(json.expires_in);
  const description =
    typeof json.error_description === 'string'
      ? // Control characters become spaces: one exchange stays one log line.
        redactCredentials(json.error_description, secrets, MAX_DESCRIPTION).replace(
          // eslint-disable-next-line no-control-regex
          /[\x00-\x1F\x7F]/g,
          ' '
        )
      : undefined;
  return {
    ...base,
    outcome,
    ...optional('error', error !== undefined && !secrets.includes(error) ? error : undefined),
    ...optional('errorDescription', description),
    expiresInPresent: expiresIn !== undefined,
    ...optional('expiresIn', expiresIn),
    refreshTokenPresent: typeof json.refresh_token === 'string' && json.refresh_token !== '',
    shortLived: outcome === 'ok' && (expiresIn === undefined || expiresIn < MIN_EXPIRES_IN_SECONDS),
  };
}

/** RFC 6749 says a number; some servers send a numeric string. Anything else counts as absent. */
function expiresInOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** True when the exchange is a refresh the server refused with invalid_grant: Alexa unlinks the user. */
export function isUnlinkingRefresh(record: ExchangeRecord): boolean {
  return record.grantType === 'refresh_token' && record.outcome === 'invalid_grant';
}
