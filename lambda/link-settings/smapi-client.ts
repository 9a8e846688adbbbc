/**
 * Thin client for Login with Amazon's token endpoint and the Skill Management API's account
 * linking resource: retries on 429, 5xx, network errors and timeouts within a deadline (honouring
 * Retry-After), refuses redirects, and errors that say what went wrong without repeating any
 * credential.
 */
import type { AccountLinkingRequestBody, LwaCredentials } from './account-linking-request';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
export const SMAPI_BASE_URL = 'https://api.amazonalexa.com';

export class LwaTokenError extends Error {
  constructor(
    readonly status: number,
    readonly code: string
  ) {
    super(
      code === 'invalid_grant'
        ? 'Login with Amazon rejected the refresh token (invalid_grant): it was revoked or belongs to other credentials. Create a new one with `ask util generate-lwa-tokens` and store it in the SMAPI credentials secret.'
        : code === 'invalid_client'
          ? 'Login with Amazon rejected the client ID or secret (invalid_client): check clientId and clientSecret in the SMAPI credentials secret.'
          : `Login with Amazon answered HTTP ${status} (${code}) when asked for a Skill Management API token.`
    );
    this.name = 'LwaTokenError';
  }
}

export class SmapiError extends Error {
  constructor(
    readonly status: number,
    readonly apiMessage: string,
    skillId: string
  ) {
    super(smapiFailure(status, apiMessage, skillId));
    this.name = 'SmapiError';
  }
}

function smapiFailure(status: number, apiMessage: string, skillId: string): string {
  const detail = apiMessage ? ` The API said: ${apiMessage}` : '';
  switch (status) {
    case 401:
      return `The Skill Management API refused the Login with Amazon token (401). Regenerate the credentials with \`ask util generate-lwa-tokens\`.${detail}`;
    case 403:
      return `The Skill Management API does not let these credentials change skill ${skillId} (403): use credentials of the vendor that owns the skill.${detail}`;
    case 404:
      return `Skill ${skillId} was not found (404): check the skillId setting and that the credentials belong to the skill's vendor.${detail}`;
    case 400:
      return `The Skill Management API rejected the account-linking settings (400).${detail}`;
    default:
      return `The Skill Management API answered HTTP ${status}.${detail}`;
  }
}

/** A call that never reached an answer: the network failed, or the time ran out. */
export class SmapiUnreachableError extends Error {
  constructor(host: string, attempts: number, lastFailure: string, outOfTime: boolean) {
    super(
      outOfTime
        ? `Gave up on ${host} before the function's time ran out, after ${attempts} attempt(s) (last: ${lastFailure}). Try the deployment again later.`
        : `Could not reach ${host} after ${attempts} attempt(s) (last: ${lastFailure}).`
    );
    this.name = 'SmapiUnreachableError';
  }
}

/** A redirect, refused: the request carries credentials, which must go to the address given only. */
export class RedirectRefusedError extends Error {
  constructor(host: string) {
    super(
      `${host} answered with a redirect, which was refused: a request carrying credentials is never sent on to another address.`
    );
    this.name = 'RedirectRefusedError';
  }
}

export interface SmapiClientOptions {
  readonly lwaTokenUrl?: string;
  readonly smapiBaseUrl?: string;
  /** Attempts for 429 and 5xx answers, network errors and timeouts. @default 4 */
  readonly attempts?: number;
  /** Waits between attempts when the answer has no Retry-After. @default exponential from 250 ms */
  readonly backoffMs?: (attempt: number) => number;
  /** One attempt's time limit. @default 10 s */
  readonly timeoutMs?: number;
  /** No attempt starts with less time than this before the deadline. @default 1 s */
  readonly minAttemptMs?: number;
}

/** Per call: when it must be over (epoch ms), answer or error, e.g. from the Lambda's remaining time. */
export interface CallOptions {
  readonly deadline?: number;
}

export interface SmapiClient {
  accessToken(credentials: LwaCredentials, options?: CallOptions): Promise<string>;
  updateAccountLinking(
    skillId: string,
    stage: string,
    body: AccountLinkingRequestBody,
    accessToken: string,
    options?: CallOptions
  ): Promise<void>;
  getAccountLinking(
    skillId: string,
    stage: string,
    accessToken: string,
    options?: CallOptions
  ): Promise<Record<string, unknown>>;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;
/** Without a deadline, a Retry-After longer than this is not waited for. */
const MAX_WAIT_MS = 60_000;

/** Retry-After in milliseconds: delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const isRedirectFailure = (error: unknown) =>
  /redirect/i.test(String((error as { cause?: { message?: unknown } })?.cause?.message ?? ''));

function describeNetworkFailure(error: unknown): string {
  const { name, cause } = (error ?? {}) as { name?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time';
  return typeof cause?.code === 'string' ? `network error ${cause.code}` : 'network error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSmapiClient(options: SmapiClientOptions = {}): SmapiClient {
  const lwaTokenUrl = options.lwaTokenUrl ?? LWA_TOKEN_URL;
  const smapiBaseUrl = options.smapiBaseUrl ?? SMAPI_BASE_URL;
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? ((attempt: number) => 250 * 2 ** attempt);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const minAttemptMs = options.minAttemptMs ?? 1000;

  /**
   * Sends with retries on 429, 5xx, network errors and timeouts, honouring Retry-After, and never
   * past the deadline: when no time is left for another attempt, the last answer (or error) stands.
   * Redirects are refused, never followed: the body and headers carry credentials.
   */
  async function send(url: string, init: RequestInit, call: CallOptions = {}): Promise<Response> {
    const host = new URL(url).host;
    const deadline = call.deadline ?? Number.POSITIVE_INFINITY;
    let lastFailure = 'none';
    for (let attempt = 0; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining < minAttemptMs)
        throw new SmapiUnreachableError(host, attempt, lastFailure, true);
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          redirect: 'error',
          signal: AbortSignal.timeout(Math.min(timeoutMs, remaining)),
        });
      } catch (error) {
        if (isRedirectFailure(error)) throw new RedirectRefusedError(host);
        lastFailure = describeNetworkFailure(error);
        if (attempt + 1 >= attempts)
          throw new SmapiUnreachableError(host, attempt + 1, lastFailure, false);
        const wait = backoffMs(attempt);
        if (Date.now() + wait + minAttemptMs > deadline)
          throw new SmapiUnreachableError(host, attempt + 1, lastFailure, true);
        await sleep(wait);
        continue;
      }
      if (!RETRYABLE(response.status) || attempt + 1 >= attempts) return response;
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt);
      // No time for another attempt after the wait: this answer is the one to report.
      if (wait > MAX_WAIT_MS || Date.now() + wait + minAttemptMs > deadline) return response;
      lastFailure = `HTTP ${response.status}`;
      await response.body?.cancel();
      await sleep(wait);
    }
  }

  const skillUrl = (skillId: string, stage: string) =>
    `${smapiBaseUrl}/v1/skills/${encodeURIComponent(skillId)}/stages/${encodeURIComponent(stage)}/accountLinkingClient`;

  async function failure(response: Response, skillId: string): Promise<SmapiError> {
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    return new SmapiError(
      response.status,
      typeof body.message === 'string' ? body.message : '',
      skillId
    );
  }

  return {
    async accessToken(credentials, call) {
      const response = await send(
        lwaTokenUrl,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: credentials.refreshToken,
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }).toString(),
        },
        call
      );
      const body = (await response.json().catch(() => ({}))) as {
        access_token?: unknown;
        error?: unknown;
      };
      if (response.status !== 200 || typeof body.access_token !== 'string') {
        throw new LwaTokenError(
          response.status,
          typeof body.error === 'string' ? body.error : 'no access token'
        );
      }
      return body.access_token;
    },

    async updateAccountLinking(skillId, stage, body, accessToken, call) {
      const response = await send(
        skillUrl(skillId, stage),
        {
          method: 'PUT',
          // The API takes the LWA access token itself as the Authorization value.
          headers: { authorization: accessToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
        call
      );
      if (response.status !== 204 && response.status !== 200)
        throw await failure(response, skillId);
      await response.body?.cancel();
    },

    async getAccountLinking(skillId, stage, accessToken, call) {
      const response = await send(
        skillUrl(skillId, stage),
        { headers: { authorization: accessToken } },
        call
      );
      if (response.status !== 200) throw await failure(response, skillId);
      const body = (await response.json()) as { accountLinkingResponse?: Record<string, unknown> };
      return body.accountLinkingResponse ?? {};
    },
  };
}
