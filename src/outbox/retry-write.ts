/**
 * Retries a write that records something already done, such as "SMTP accepted this message". Losing
 * that record would mean doing the thing again (a duplicate e-mail), so a database blip or restart
 * is waited out, for as long as the message's lease keeps other workers away.
 */
export interface RetryWriteOptions {
  /** How long to keep trying, in real time. */
  budgetMs: number;
  onRetry?: (error: unknown, attempt: number) => void;
  /** First pause; doubles up to `maxPauseMs`. */
  firstPauseMs?: number;
  maxPauseMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryWrite<T>(write: () => Promise<T>, options: RetryWriteOptions): Promise<T> {
  const deadline = performance.now() + options.budgetMs;
  let pause = options.firstPauseMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const left = deadline - performance.now();
      if (left <= 0) throw error;
      options.onRetry?.(error, attempt);
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, options.maxPauseMs ?? 2_000);
    }
  }
}
