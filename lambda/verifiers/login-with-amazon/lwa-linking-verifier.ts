/**
 * Login with Amazon as the linking server. LWA access tokens (`Atza|...`) are opaque, so no JWT
 * check is possible: Amazon's token-info endpoint says whether a token is valid and for which
 * client, and the profile API says who the user is.
 *
 * - Tokens travel in headers only (`x-amz-access-token`, `Authorization: Bearer`), never in a URL:
 *   URLs end up in logs.
 * - A token whose `aud` is another client's is refused (`wrong-client`): Amazon's own rule, or any
 *   app could link with a token minted for it. A skill stage with its own security profile
 *   (STAGE_CLIENT_IDS) adds its client to the accepted ones.
 * - token-info's `exp` is the number of seconds the token has left. Each answer is cached per token
 *   (keyed by a SHA-256 hash, never the token) for at most that long, in a bounded cache: a warm
 *   session makes one call per token, not one per request.
 * - The profile is read only after the token verified, never in parallel: a refused token costs
 *   no profile call.
 * - A 400 `invalid_token` means invalid (link card); a timeout, 5xx, network failure or an answer
 *   that makes no sense means unverifiable ("can't check right now", no card).
 */
import type { LinkedUser, LinkingDecision } from '../../core/linking-decision';
import type { UserProfile } from '../../core/replies';
import type { LinkingVerifier } from '../linking-verifier';
import { TokenKeyedCache } from '../shared/token-keyed-cache';

export const LWA_TOKEN_INFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';
export const LWA_PROFILE_URL = 'https://api.amazon.com/user/profile';
/** Amazon: "an access token is ... with a maximum size of 2048 bytes. Access tokens begin with the characters Atza|." */
export const MAX_LWA_ACCESS_TOKEN_BYTES = 2048;
/** LWA access tokens live an hour: no answer is reused for longer, whatever `exp` says. */
const MAX_CACHE_SECONDS = 3600;
// Printable ASCII after the prefix: anything else is not an LWA token, and could not go in a header.
const LWA_ACCESS_TOKEN = /^Atza\|[\x21-\x7e]+$/;

export interface LoginWithAmazonVerifierOptions {
  /** @default LWA_TOKEN_INFO_URL (tests aim it at loopback) */
  readonly tokenInfoUrl?: string;
  /** @default LWA_PROFILE_URL (tests aim it at loopback) */
  readonly profileUrl?: string;
  /** @default 2000 ms: with the profile call after it, the answer still fits Alexa's 8 seconds */
  readonly tokenInfoTimeoutMs?: number;
  /** @default 1500 ms */
  readonly profileTimeoutMs?: number;
  /** Most tokens (and profiles) cached per container. @default 1000 */
  readonly maxEntries?: number;
  /** How long a refused token's answer is reused. @default 5 minutes (a refused token never becomes valid) */
  readonly refusalTtlMs?: number;
  /** How long a failed profile lookup is remembered. @default 30 seconds */
  readonly profileFailureTtlMs?: number;
  /** Told what went wrong, never with the token. */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
  readonly now?: () => number;
}

interface Checked {
  readonly decision: LinkingDecision;
  /** For a linked token: how long it has left, from token-info's `exp`. */
  readonly secondsLeft?: number;
}

const unverifiable: Checked = {
  decision: { kind: 'unverifiable', reason: 'token-info-unavailable' },
};
const invalid = (reason: Extract<LinkingDecision, { kind: 'invalid' }>['reason']): Checked => ({
  decision: { kind: 'invalid', reason },
});

export function createLoginWithAmazonVerifier(
  settings: { readonly lwaClientId: string; readonly stageClientIds?: readonly string[] },
  options: LoginWithAmazonVerifierOptions = {}
): LinkingVerifier {
  // The security profile's client, and those of skill stages with their own: token-info's `aud`.
  const clientIds = new Set([settings.lwaClientId, ...(settings.stageClientIds ?? [])]);
  const tokenInfoUrl = options.tokenInfoUrl ?? LWA_TOKEN_INFO_URL;
  const profileUrl = options.profileUrl ?? LWA_PROFILE_URL;
  const tokenInfoTimeoutMs = options.tokenInfoTimeoutMs ?? 2000;
  const profileTimeoutMs = options.profileTimeoutMs ?? 1500;
  const refusalTtlMs = options.refusalTtlMs ?? 5 * 60 * 1000;
  const profileFailureTtlMs = options.profileFailureTtlMs ?? 30 * 1000;
  const now = options.now ?? Date.now;
  const warn = options.warn ?? (() => undefined);
  const decisions = new TokenKeyedCache<Promise<Checked>>(options.maxEntries ?? 1000, now);
  const profiles = new TokenKeyedCache<Promise<UserProfile | undefined>>(
    options.maxEntries ?? 1000,
    now
  );

  async function askTokenInfo(token: string): Promise<Checked> {
    let status: number;
    let body: unknown;
    try {
      const response = await fetch(tokenInfoUrl, {
        headers: { 'x-amz-access-token': token, Accept: 'application/json' },
        signal: AbortSignal.timeout(tokenInfoTimeoutMs),
        redirect: 'error',
      });
      status = response.status;
      body = await jsonOrUndefined(response);
    } catch (error) {
      // Only the error's name (TimeoutError, TypeError...): messages can quote request details.
      warn('token-info failed', { reason: errorName(error) });
      return unverifiable;
    }
    const fields = isRecord(body) ? body : {};
    if (status === 200) {
      const { aud, exp, user_id: userId } = fields;
      if (
        typeof aud !== 'string' ||
        typeof exp !== 'number' ||
        !Number.isFinite(exp) ||
        typeof userId !== 'string' ||
        userId === ''
      ) {
        warn('token-info answered without aud, exp and user_id', { status });
        return unverifiable;
      }
      if (!clientIds.has(aud)) return invalid('wrong-client');
      if (exp <= 0) return invalid('expired');
      const user: LinkedUser = { userId, username: userId, scopes: [] };
      return { decision: { kind: 'linked', user }, secondsLeft: exp };
    }
    if ((status === 400 || status === 401) && fields.error === 'invalid_token') {
      const description =
        typeof fields.error_description === 'string' ? fields.error_description : '';
      return invalid(/expired/i.test(description) ? 'expired' : 'refused-by-server');
    }
    if (status === 400 && fields.error === 'invalid_request') return invalid('malformed');
    warn('token-info answered unexpectedly', {
      status,
      error: typeof fields.error === 'string' ? fields.error.slice(0, 64) : undefined,
    });
    return unverifiable;
  }

  function check(token: string): Promise<Checked> {
    const key = TokenKeyedCache.keyOf(token);
    const cached = decisions.get(key);
    if (cached) return cached;
    const checked = askTokenInfo(token);
    // Concurrent requests for one token share this call; the entry's lifetime is set by its answer.
    decisions.set(key, checked, now() + tokenInfoTimeoutMs);
    void checked.then(({ decision, secondsLeft }) => {
      const until =
        decision.kind === 'linked'
          ? now() + Math.min(secondsLeft ?? 0, MAX_CACHE_SECONDS) * 1000
          : decision.kind === 'invalid'
            ? now() + refusalTtlMs
            : now(); // unverifiable: ask again next time
      decisions.expireAt(key, checked, until);
    });
    return checked;
  }

  async function askProfile(token: string, userId: string): Promise<UserProfile | undefined> {
    try {
      const response = await fetch(profileUrl, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(profileTimeoutMs),
        redirect: 'error',
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        warn('no user profile', { reason: `profile answered HTTP ${response.status}` });
        return undefined;
      }
      const body = await jsonOrUndefined(response);
      // The profile must be the verified user's: anything else is not spoken.
      if (!isRecord(body) || (body.user_id !== undefined && body.user_id !== userId)) {
        warn('no user profile', { reason: 'profile answer unusable' });
        return undefined;
      }
      return { givenName: text(body.name), email: text(body.email) };
    } catch (error) {
      warn('no user profile', { reason: `profile failed: ${errorName(error)}` });
      return undefined;
    }
  }

  async function decide(accessToken: unknown): Promise<LinkingDecision> {
    if (typeof accessToken !== 'string' || accessToken.trim() === '') return { kind: 'unlinked' };
    // Refused before any call: an oversized or foreign string costs nothing.
    if (
      Buffer.byteLength(accessToken, 'utf8') > MAX_LWA_ACCESS_TOKEN_BYTES ||
      !LWA_ACCESS_TOKEN.test(accessToken)
    ) {
      return { kind: 'invalid', reason: 'malformed' };
    }
    return (await check(accessToken)).decision;
  }

  return {
    decide,
    async profileOf(user, accessToken) {
      // Only for a token verified for this user (a cache hit after decide): never a profile call
      // for a refused token, and never one in parallel with token-info.
      const verified = await decide(accessToken);
      if (verified.kind !== 'linked' || verified.user.userId !== user.userId) return undefined;
      const key = TokenKeyedCache.keyOf(accessToken);
      const cached = profiles.get(key);
      if (cached) return cached;
      const tokenExpiresAt = decisions.expiresAt(key) ?? now();
      const profile = askProfile(accessToken, user.userId);
      profiles.set(key, profile, tokenExpiresAt);
      void profile.then((found) => {
        if (found === undefined)
          profiles.expireAt(key, profile, Math.min(tokenExpiresAt, now() + profileFailureTtlMs));
      });
      return profile;
    },
  };
}

async function jsonOrUndefined(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// Not `instanceof Error`: an abort's DOMException comes from another realm in some runtimes.
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'unknown error';
}
