/**
 * What a provider adapter says about a webhook request before anything in it is believed. The HTTP
 * layer turns these into status codes; the adapters never think about HTTP.
 */
export type Verdict =
  /** Signed (or carrying the shared secret) and the signature holds. */
  | { ok: true }
  /** No signature or credentials at all. */
  | { ok: false; problem: 'unsigned'; detail: string }
  /** A signature or secret that does not verify, or one too old to trust. */
  | { ok: false; problem: 'forged'; detail: string };

export const verified: Verdict = { ok: true };

export function unsigned(detail: string): Verdict {
  return { ok: false, problem: 'unsigned', detail };
}

export function forged(detail: string): Verdict {
  return { ok: false, problem: 'forged', detail };
}

/** A payload that verified but is not what the provider documents. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function stringOr(value: unknown, fallback: string | null = null): string | null {
  return typeof value === 'string' ? value : fallback;
}
