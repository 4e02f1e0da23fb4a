/**
 * Postgres may end a transaction it could not order against another: a deadlock (40P01) when two
 * transactions lock the same rows in opposite orders, a serialization failure (40001). Neither says
 * anything about the work, which is right to run again from the start; a recipient's opt-out must
 * never answer 500 because a worker was recording a send to the same invitation at that moment.
 */
export const conflictCodes: ReadonlySet<string> = new Set(['40P01', '40001']);

/** The database gave up this transaction to let another one go first. */
export function isTransactionConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && conflictCodes.has(code);
}

export interface ConflictRetryOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Called before each rerun. */
  onConflict?: ((error: unknown, attempt: number) => void) | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a whole transaction, and again (up to `attempts` runs) when the database ends it as a conflict. */
export async function retryConflicts<T>(
  transaction: () => Promise<T>,
  options: ConflictRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
      options.onConflict?.(error, attempt);
      // A random pause, growing with each try, so the two sides do not collide again in step.
      await sleep(Math.random() * 20 * attempt);
    }
  }
}
