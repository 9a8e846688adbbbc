/**
 * AcceptGrant's code exchange: a form POST to the Login with Amazon token endpoint with the
 * skill's "Alexa Skill Messaging" credentials, which returns the Amazon access and refresh tokens
 * the skill needs to send events to Alexa for this user.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-authorization.html
 * @see https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 */
import type { GrantExchange, GrantExchangeResult } from '../core/smart-home/ports';

export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
/** Short: Alexa waits 8 seconds for the whole answer, and the code is worth nothing after a retry. */
export const GRANT_EXCHANGE_TIMEOUT_MS = 3000;

/** The skill's messaging credentials, from the console's Permissions page. */
export interface EventsCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface LwaGrantExchangeOptions {
  /** Resolves the credentials (cached by the provider); a rejection means "unavailable". */
  readonly credentials: () => Promise<EventsCredentials>;
  /** @default LWA_TOKEN_URL; tests point it at a loopback stand-in. */
  readonly tokenUrl?: string;
  /** @default GRANT_EXCHANGE_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

// LWA error codes are short snake_case words; anything else is not echoed into a log.
const ERROR_CODE = /^[a-z_]{1,64}$/;

/**
 * The GrantExchange on Login with Amazon: exchanges AcceptGrant's code at the LWA token endpoint
 * with the skill's events credentials, and reports a refusal, a timeout or a bad answer as data,
 * never a token.
 */
export function createLwaGrantExchange(options: LwaGrantExchangeOptions): GrantExchange {
  const tokenUrl = options.tokenUrl ?? LWA_TOKEN_URL;
  const timeoutMs = options.timeoutMs ?? GRANT_EXCHANGE_TIMEOUT_MS;
  return {
    async exchange(code) {
      let credentials: EventsCredentials;
      try {
        credentials = await options.credentials();
      } catch {
        return {
          ok: false,
          reason: 'unavailable',
          detail: 'the events credentials could not be read',
        };
      }
      const startedAt = Date.now();
      let response: Response;
      try {
        response = await fetch(tokenUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }).toString(),
          // The token endpoint never redirects; following one could send the secret elsewhere.
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // AbortSignal.timeout rejects with a DOMException named TimeoutError (not always an Error).
        const timedOut = (error as { name?: unknown } | undefined)?.name === 'TimeoutError';
        return {
          ok: false,
          reason: 'unavailable',
          detail: timedOut
            ? `no answer within ${timeoutMs} ms`
            : 'the request failed (network or redirect)',
        };
      }
      return tokenResult(response, new Date(startedAt));
    },
  };
}

async function tokenResult(response: Response, requestedAt: Date): Promise<GrantExchangeResult> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!response.ok) {
    const code =
      typeof fields.error === 'string' && ERROR_CODE.test(fields.error) ? fields.error : undefined;
    if (response.status >= 500 || response.status === 429) {
      return { ok: false, reason: 'unavailable', detail: `HTTP ${response.status}` };
    }
    return {
      ok: false,
      reason: 'rejected',
      detail: `HTTP ${response.status}${code ? ` ${code}` : ''}`,
    };
  }
  const { access_token: accessToken, refresh_token: refreshToken } = fields;
  const expiresIn = Number(fields.expires_in);
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    typeof refreshToken !== 'string' ||
    refreshToken === '' ||
    !Number.isFinite(expiresIn) ||
    expiresIn <= 0
  ) {
    return { ok: false, reason: 'bad-response', detail: 'not a token response' };
  }
  return {
    ok: true,
    // Counted from when the request left, so the stored expiry is never later than the real one.
    grant: {
      accessToken,
      refreshToken,
      accessTokenExpiresAt: new Date(requestedAt.getTime() + expiresIn * 1000),
    },
  };
}
