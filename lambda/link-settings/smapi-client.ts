/**
 * Thin client for Login with Amazon's token endpoint and the Skill Management API's account
 * linking resource: retries on 429 and 5xx, and errors that say what went wrong without
 * repeating any credential.
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

export interface SmapiClientOptions {
  readonly lwaTokenUrl?: string;
  readonly smapiBaseUrl?: string;
  /** Attempts for 429 and 5xx answers. @default 4 */
  readonly attempts?: number;
  /** @default exponential from 250 ms */
  readonly backoffMs?: (attempt: number) => number;
  readonly timeoutMs?: number;
}

export interface SmapiClient {
  accessToken(credentials: LwaCredentials): Promise<string>;
  updateAccountLinking(
    skillId: string,
    stage: string,
    body: AccountLinkingRequestBody,
    accessToken: string
  ): Promise<void>;
  getAccountLinking(
    skillId: string,
    stage: string,
    accessToken: string
  ): Promise<Record<string, unknown>>;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

export function createSmapiClient(options: SmapiClientOptions = {}): SmapiClient {
  const lwaTokenUrl = options.lwaTokenUrl ?? LWA_TOKEN_URL;
  const smapiBaseUrl = options.smapiBaseUrl ?? SMAPI_BASE_URL;
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? ((attempt: number) => 250 * 2 ** attempt);
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function send(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (!RETRYABLE(response.status) || attempt + 1 >= attempts) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
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
    async accessToken(credentials) {
      const response = await send(lwaTokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credentials.refreshToken,
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        }).toString(),
      });
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

    async updateAccountLinking(skillId, stage, body, accessToken) {
      const response = await send(skillUrl(skillId, stage), {
        method: 'PUT',
        // The API takes the LWA access token itself as the Authorization value.
        headers: { authorization: accessToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 204 && response.status !== 200)
        throw await failure(response, skillId);
      await response.body?.cancel();
    },

    async getAccountLinking(skillId, stage, accessToken) {
      const response = await send(skillUrl(skillId, stage), {
        headers: { authorization: accessToken },
      });
      if (response.status !== 200) throw await failure(response, skillId);
      const body = (await response.json()) as { accountLinkingResponse?: Record<string, unknown> };
      return body.accountLinkingResponse ?? {};
    },
  };
}
