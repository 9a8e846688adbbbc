/**
 * The HTTP side of proactive events: a POST of one event to a regional Alexa event gateway with
 * the grant's access token, and a refresh of that token at Login with Amazon. Short per-call
 * timeouts (the reporter retries within its own time), redirects refused (a redirect could carry
 * the token or the client secret elsewhere), and nothing from a body echoed but a safe error code.
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/send-events-to-the-alexa-event-gateway.html
 */
import { gatewayErrorCode } from '../core/smart-home/event-gateway';
import { refreshAnswer } from '../core/smart-home/lwa-refresh-answer';
import type { EventGateway, TokenRefresher } from '../core/smart-home/reporter-ports';
import { LWA_TOKEN_URL } from './alexa-grant-exchange';

/** Per call: a gateway or LWA that has not answered in this long is retried, not waited for. */
export const EVENT_CALL_TIMEOUT_MS = 2500;

const timedOut = (error: unknown) =>
  (error as { name?: unknown } | undefined)?.name === 'TimeoutError';

async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** Sends events to the Alexa event gateway over HTTPS: a short timeout, redirects refused. */
export function createHttpEventGateway(
  options: { readonly timeoutMs?: number } = {}
): EventGateway {
  const timeoutMs = options.timeoutMs ?? EVENT_CALL_TIMEOUT_MS;
  return {
    async send(url, accessToken, event) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(event),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return { kind: timedOut(error) ? 'timeout' : 'network' };
      }
      // 202 has no body worth reading; an error's body says why (payload.code).
      const code = response.ok ? undefined : gatewayErrorCode(await jsonOf(response));
      return { kind: 'answered', status: response.status, ...(code ? { code } : {}) };
    },
  };
}

/** Refreshes a grant's access token at Login with Amazon (form POST, the messaging credentials). */
export function createLwaTokenRefresher(
  options: { readonly tokenUrl?: string; readonly timeoutMs?: number } = {}
): TokenRefresher {
  const tokenUrl = options.tokenUrl ?? LWA_TOKEN_URL;
  const timeoutMs = options.timeoutMs ?? EVENT_CALL_TIMEOUT_MS;
  return {
    async refresh(refreshToken, credentials) {
      const requestedAt = new Date();
      let response: Response;
      try {
        response = await fetch(tokenUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          }).toString(),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return {
          kind: 'unavailable',
          detail: timedOut(error) ? `no answer within ${timeoutMs} ms` : 'the request failed',
        };
      }
      return refreshAnswer(response.status, await jsonOf(response), requestedAt, refreshToken);
    },
  };
}
