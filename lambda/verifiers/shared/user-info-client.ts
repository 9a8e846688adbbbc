import type { UserProfile } from '../../core/replies';

export interface UserInfoClient {
  /** The user's name and email, or undefined when userInfo cannot answer in time. */
  profileFor(userId: string, accessToken: string): Promise<UserProfile | undefined>;
}

export interface UserInfoClientOptions {
  /** Cognito's `/oauth2/userInfo` URL. */
  readonly userInfoUrl: string;
  /** @default 1500 ms: the skill still has to answer within Alexa's 8 seconds */
  readonly timeoutMs?: number;
  /** How long a profile is reused. @default 15 minutes */
  readonly ttlMs?: number;
  /** How long a failure is remembered, so a struggling endpoint is not asked on every request. @default 30 seconds */
  readonly failureTtlMs?: number;
  /** Most users cached per container. @default 1000 */
  readonly maxEntries?: number;
  /** Told why a lookup failed (never with the token). */
  readonly onFailure?: (reason: string) => void;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly profile: Promise<UserProfile | undefined>;
  expiresAt: number;
}

/**
 * Asks Cognito's userInfo endpoint who the user is, with a short timeout and a per-user in-memory
 * cache. Concurrent requests for one user share one call.
 */
export function createUserInfoClient(options: UserInfoClientOptions): UserInfoClient {
  const timeoutMs = options.timeoutMs ?? 1500;
  const ttlMs = options.ttlMs ?? 15 * 60 * 1000;
  const failureTtlMs = options.failureTtlMs ?? 30 * 1000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  async function lookUp(accessToken: string): Promise<UserProfile | undefined> {
    try {
      const response = await fetch(options.userInfoUrl, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        // The request carries the token: a redirect is refused, so no other origin's profile is
        // ever taken for this user's (as every credential-carrying call here does).
        redirect: 'error',
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        options.onFailure?.(`userInfo answered HTTP ${response.status}`);
        return undefined;
      }
      return profileFromUserInfo(await response.json());
    } catch (error) {
      // Only the error's name (TimeoutError, TypeError...): messages can quote request details.
      options.onFailure?.(`userInfo failed: ${errorName(error)}`);
      return undefined;
    }
  }

  return {
    profileFor(userId, accessToken) {
      const cached = cache.get(userId);
      if (cached && now() < cached.expiresAt) return cached.profile;
      // Deleted before it is set again, so that it moves to the end of the eviction order.
      cache.delete(userId);
      if (cache.size >= maxEntries) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      const entry: CacheEntry = { profile: lookUp(accessToken), expiresAt: now() + ttlMs };
      cache.set(userId, entry);
      void entry.profile.then((profile) => {
        if (profile === undefined)
          entry.expiresAt = Math.min(entry.expiresAt, now() + failureTtlMs);
      });
      return entry.profile;
    },
  };
}

/** The fields the skill speaks, from a userInfo JSON body of unknown shape. */
export function profileFromUserInfo(body: unknown): UserProfile | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { given_name: givenName, name, email } = body as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  return { givenName: text(givenName) ?? text(name), email: text(email) };
}

// Not `instanceof Error`: an abort's DOMException comes from another realm in some runtimes.
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'unknown error';
}
