import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

function clock(start = 1_000_000) {
  let at = start;
  return {
    now: () => at,
    advance: (ms: number) => {
      at += ms;
    },
  };
}

describe('createRateLimiter', () => {
  it('allows `limit` takes per window, then refuses with the seconds until the window ends', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: time.now });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    time.advance(15_500);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 45 });
  });

  it('counts keys separately', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: clock().now });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('starts a new window once the old one has passed', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, now: time.now });
    expect(limiter.take('a').ok).toBe(true);
    time.advance(9_999);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    time.advance(1);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('never asks for a wait shorter than one second or longer than the window', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_500, now: time.now });
    limiter.take('a');
    const first = limiter.take('a');
    time.advance(1_499);
    const last = limiter.take('a');
    expect(first).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(last).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('keeps memory bounded: expired windows are dropped and at most maxKeys are kept', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: time.now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    // 'a' was the oldest and was forgotten to make room for 'd'; the others are still limited.
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
    expect(limiter.take('d').ok).toBe(false);
    time.advance(1_000);
    expect(['b', 'c', 'd'].map((key) => limiter.take(key).ok)).toEqual([true, true, true]);
  });

  it('survives a clock that steps backwards', () => {
    const time = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, now: time.now });
    limiter.take('a');
    time.advance(-60_000);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  it('refuses nonsense options', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1.5, windowMs: 1_000 })).toThrow(RangeError);
  });
});
