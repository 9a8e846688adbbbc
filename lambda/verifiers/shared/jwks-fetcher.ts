import { FetchError } from 'aws-jwt-verify/error';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';

/** Request options for the key-set fetch: short, so a slow Cognito still leaves time to answer Alexa. */
export const JWKS_REQUEST_TIMEOUTS = { timeout: 1000, responseTimeout: 1500 } as const;
/**
 * After a failed fetch, requests fail fast for this long instead of each waiting on a dead
 * endpoint. Short, because it outlives the outage: once the endpoint is back, requests still get
 * "try again" (smart home INTERNAL_ERROR) until it is over.
 */
export const JWKS_FAILURE_COOLDOWN_MS = 2000;

/**
 * A key-set fetcher that remembers a failure for a short while. aws-jwt-verify already shares one
 * fetch among concurrent requests; this stops back-to-back requests during an outage from each
 * starting a new fetch and waiting out its timeouts.
 */
export class CooldownFetcher implements Fetcher {
  private readonly failedUntil = new Map<string, number>();

  constructor(
    private readonly inner: Fetcher,
    private readonly cooldownMs: number = JWKS_FAILURE_COOLDOWN_MS,
    private readonly now: () => number = Date.now
  ) {}

  async fetch(
    uri: string,
    requestOptions?: Record<string, unknown>,
    data?: ArrayBuffer
  ): Promise<ArrayBuffer> {
    const until = this.failedUntil.get(uri);
    if (until !== undefined && this.now() < until) {
      throw new FetchError(uri, 'an earlier fetch failed moments ago; not retrying yet');
    }
    try {
      const body = await this.inner.fetch(uri, requestOptions, data);
      this.failedUntil.delete(uri);
      return body;
    } catch (error) {
      this.failedUntil.set(uri, this.now() + this.cooldownMs);
      throw error;
    }
  }
}

export interface JwksFetcherOptions {
  /** Extra Node.js request options; tests use them to aim the real fetch at a loopback server. */
  readonly requestOptions?: Record<string, unknown>;
  /** @default JWKS_FAILURE_COOLDOWN_MS */
  readonly cooldownMs?: number;
  /** The cooldown's clock (tests). @default Date.now */
  readonly now?: () => number;
}

/** The production fetcher: aws-jwt-verify's, with short timeouts and a cooldown after a failure. */
export function createJwksFetcher(options: JwksFetcherOptions = {}): Fetcher {
  return new CooldownFetcher(
    new SimpleFetcher({
      defaultRequestOptions: { ...JWKS_REQUEST_TIMEOUTS, ...options.requestOptions },
    }),
    options.cooldownMs,
    options.now
  );
}
