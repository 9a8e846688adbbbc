/**
 * What Login with Amazon's answer to a refresh means for a stored grant. Pure: the caller does
 * the POST and hands over the status and parsed body.
 * @see https://developer.amazon.com/docs/login-with-amazon/retrieve-token-other-platforms-cbl-docs.html
 */
import type { AlexaEventsGrant } from './ports';

export type RefreshAnswer =
  | { readonly kind: 'refreshed'; readonly grant: AlexaEventsGrant }
  /** `invalid_grant`: the refresh token is revoked or expired; only a new AcceptGrant helps. */
  | { readonly kind: 'revoked' }
  /** Refused for another reason (`invalid_client`: the messaging credentials are wrong). */
  | { readonly kind: 'refused'; readonly detail: string }
  /** 429, 5xx or not a token answer: try again later. */
  | { readonly kind: 'unavailable'; readonly detail: string };

// LWA error codes are short snake_case words; anything else is not echoed into a log.
const ERROR_CODE = /^[a-z_]{1,64}$/;

export function refreshAnswer(
  status: number,
  body: unknown,
  requestedAt: Date,
  previousRefreshToken: string
): RefreshAnswer {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (status < 200 || status >= 300) {
    const code =
      typeof fields.error === 'string' && ERROR_CODE.test(fields.error) ? fields.error : undefined;
    if (code === 'invalid_grant') return { kind: 'revoked' };
    if (status === 429 || status >= 500) {
      return { kind: 'unavailable', detail: `HTTP ${status}` };
    }
    return { kind: 'refused', detail: `HTTP ${status}${code ? ` ${code}` : ''}` };
  }
  const { access_token: accessToken, refresh_token: refreshToken } = fields;
  const expiresIn = Number(fields.expires_in);
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    !Number.isFinite(expiresIn) ||
    expiresIn <= 0
  ) {
    return { kind: 'unavailable', detail: 'not a token response' };
  }
  return {
    kind: 'refreshed',
    grant: {
      accessToken,
      // LWA returns the refresh token again; keep the old one if an answer ever leaves it out.
      refreshToken:
        typeof refreshToken === 'string' && refreshToken !== ''
          ? refreshToken
          : previousRefreshToken,
      // Counted from when the request left, so the stored expiry is never later than the real one.
      accessTokenExpiresAt: new Date(requestedAt.getTime() + expiresIn * 1000),
    },
  };
}
