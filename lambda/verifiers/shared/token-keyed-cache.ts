import { createHash } from 'node:crypto';

/**
 * A bounded in-memory cache keyed by a token's SHA-256 hash: the token itself is never kept as a
 * key, so a heap dump or a debugger shows no token. Entries expire at their own time; when full,
 * the oldest entry makes room (Maps iterate in insertion order).
 */
export class TokenKeyedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number
  ) {}

  static keyOf(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() < entry.expiresAt) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** When the entry expires (ms since the epoch), or undefined if there is none alive. */
  expiresAt(key: string): number | undefined {
    return this.get(key) === undefined ? undefined : this.entries.get(key)?.expiresAt;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
  }

  /** Moves an entry's expiry (only ever earlier or to its final value once its answer is known). */
  expireAt(key: string, value: V, expiresAt: number): void {
    const entry = this.entries.get(key);
    if (entry?.value !== value) return;
    if (expiresAt <= this.now()) this.entries.delete(key);
    else entry.expiresAt = expiresAt;
  }
}
