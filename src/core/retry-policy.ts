/**
 * When to try a transient delivery failure again. Attempts are bounded and spaced, so a retry loop
 * can never spin: exponential backoff with jitter, up to a cap, until a maximum count or age.
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  maxAgeMs: number;
  /** Fraction of the delay added or removed at random, so failed messages do not retry in lockstep. */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 10,
  maxAgeMs: 2 * 24 * 60 * 60_000,
  jitter: 0.2,
};

/** The delay before attempt `attempts + 1`, or null when the message must give up. */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempts: number,
  ageMs: number,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exact = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const delay = Math.round(exact * (1 - policy.jitter + 2 * policy.jitter * random()));
  if (ageMs + delay > policy.maxAgeMs) return null;
  return delay;
}
