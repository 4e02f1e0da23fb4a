/**
 * A fixed-window rate limiter kept in memory, for one process. Each key (a client address, say) may
 * take `limit` tokens per window of `windowMs`; the window starts with the key's first take.
 *
 * Memory stays bounded: windows live in a Map ordered by their start, so expired ones are dropped
 * from its front as time passes, and when `maxKeys` are still live the oldest window is forgotten
 * (that key starts afresh, which errs on the side of letting a request through).
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): RateDecision;
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** Milliseconds since the epoch; `Date.now` unless a test passes its own. */
  now?: () => number;
  /** Most keys remembered at once; 100,000 unless given. */
  maxKeys?: number;
}

interface Window {
  start: number;
  count: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs, now = Date.now, maxKeys = 100_000 } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number ≥ 1');
  if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a whole number ≥ 1');
  const windows = new Map<string, Window>();

  function evict(at: number): void {
    for (const [key, window] of windows) {
      if (window.start + windowMs > at && window.start <= at) break;
      windows.delete(key);
    }
    while (windows.size >= maxKeys) {
      const oldest = windows.keys().next();
      if (oldest.done) break;
      windows.delete(oldest.value);
    }
  }

  return {
    take(key: string): RateDecision {
      const at = now();
      const current = windows.get(key);
      if (current && current.start <= at && at < current.start + windowMs) {
        if (current.count < limit) {
          current.count += 1;
          return { ok: true };
        }
        const seconds = Math.ceil((current.start + windowMs - at) / 1000);
        return { ok: false, retryAfterSeconds: Math.max(1, seconds) };
      }
      // A new window: re-insert so the Map stays ordered by window start.
      windows.delete(key);
      evict(at);
      windows.set(key, { start: at, count: 1 });
      return { ok: true };
    },
  };
}
