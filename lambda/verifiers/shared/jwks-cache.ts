/**
 * The key-set cache every JWT adapter uses: aws-jwt-verify's SimpleJwksCache, with a refetch
 * limit in place of its SimplePenaltyBox.
 *
 * aws-jwt-verify refetches the key set when a token names a key ID it has not cached (a server
 * rotating its keys), and after a refetch that still lacks the key ID its SimplePenaltyBox refuses
 * every further refetch for 10 s. This limit keeps the idea (random key IDs cannot make each
 * request fetch the key set) but per key-set URI and for 2 s, so a key the server publishes late
 * (a CDN still serving the old key set) verifies within seconds, not after a 10 s penalty. A
 * refused refetch is reported as WaitPeriodNotYetEndedJwkError, which jwt-errors.ts maps to
 * `unverifiable` (try again), never to a bad token.
 */
import { WaitPeriodNotYetEndedJwkError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, type PenaltyBox } from 'aws-jwt-verify/jwk';

/** After a refetch that did not hold a token's key ID, no other refetch for an unknown key ID for this long. */
export const UNKNOWN_KEY_REFETCH_INTERVAL_MS = 2000;

/**
 * aws-jwt-verify's PenaltyBox port, timed by a clock instead of timers: at most one refetch per
 * interval per key-set URI for key IDs the key set does not hold. A refetch that finds its key
 * lifts the limit (the key set had really changed).
 */
export class UnknownKeyRefetchLimit implements PenaltyBox {
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly intervalMs: number = UNKNOWN_KEY_REFETCH_INTERVAL_MS,
    private readonly now: () => number = Date.now
  ) {}

  async wait(jwksUri: string): Promise<void> {
    const until = this.refusedUntil.get(jwksUri);
    if (until !== undefined && this.now() < until) {
      throw new WaitPeriodNotYetEndedJwkError(
        'the key set was refetched for an unknown key ID moments ago; not refetching yet'
      );
    }
  }

  registerFailedAttempt(jwksUri: string): void {
    this.refusedUntil.set(jwksUri, this.now() + this.intervalMs);
  }

  registerSuccessfulAttempt(jwksUri: string): void {
    this.refusedUntil.delete(jwksUri);
  }
}

export interface JwksCacheOptions {
  readonly fetcher: Fetcher;
  /** @default UNKNOWN_KEY_REFETCH_INTERVAL_MS */
  readonly unknownKeyRefetchIntervalMs?: number;
  /** The clock of the refetch limit (tests). @default Date.now */
  readonly now?: () => number;
}

export function createJwksCache(options: JwksCacheOptions): SimpleJwksCache {
  return new SimpleJwksCache({
    fetcher: options.fetcher,
    penaltyBox: new UnknownKeyRefetchLimit(options.unknownKeyRefetchIntervalMs, options.now),
  });
}
