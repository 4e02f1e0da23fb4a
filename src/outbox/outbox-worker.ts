/**
 * The sending loop: lease due messages, deliver each, repeat. Leases expire, so a message held by a
 * worker that died is picked up by another; delivery is at-least-once and a crash loses nothing.
 */
import { boundedMap } from './bounded-map.js';
import { type DeliveryDeps, type DeliveryOutcome, deliverMessage } from './deliver-message.js';
import { runScheduledWork } from './scheduler.js';
import type { WorkerObserver } from './worker-observer.js';

export interface WorkerOptions {
  pollMs: number;
  leaseMs: number;
  batchSize: number;
  /**
   * Messages of a batch sent at once (default 1). Each one in flight when the process dies may be
   * sent twice, so this is also the most duplicates one crash can cause.
   */
  concurrency?: number;
  /** Longest wait between runs while the database is unreachable (default 5 s). */
  outageRetryMaxMs?: number;
  /** Told every outcome and sweep, for metrics. */
  observer?: WorkerObserver;
}

export const defaultWorkerOptions: WorkerOptions = { pollMs: 1000, leaseMs: 5 * 60_000, batchSize: 20 };

export interface OutboxWorker {
  /** Claims and delivers one batch; resolves with what happened to each message. */
  runOnce(): Promise<DeliveryOutcome[]>;
  /** Runs until there is nothing due. */
  drain(): Promise<number>;
  start(): void;
  /** Asks for a run as soon as the current one ends, instead of at the next poll. */
  poke(): void;
  stop(): Promise<void>;
}

export function createOutboxWorker(
  deps: DeliveryDeps,
  options: WorkerOptions = defaultWorkerOptions,
): OutboxWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = true;
  // Consecutive failed runs (the database is down): each doubles the wait, up to a cap, so an
  // outage is neither hammered nor logged on every poll, and the loop itself never stops.
  let failures = 0;

  async function runOnce(): Promise<DeliveryOutcome[]> {
    // Expiry first, so no reminder or digest goes out for an invitation that expired meanwhile.
    const swept = await runScheduledWork(deps);
    options.observer?.onSweep?.(swept);
    const now = deps.clock.now();
    const claimed = await deps.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + options.leaseMs).toISOString(),
      options.batchSize,
    );
    return boundedMap(claimed, options.concurrency ?? 1, (message) =>
      deliverMessage(deps, message, { leaseMs: options.leaseMs })
        .catch((error: unknown) => {
          // The lease stays, so the message is retried after it expires rather than in a tight loop.
          deps.logger.error({ err: error, messageId: message.id }, 'delivery crashed');
          return 'retry' as const;
        })
        .then((outcome) => {
          options.observer?.onDelivery?.(message.kind, outcome);
          return outcome;
        }),
    );
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const outcomes = await runOnce();
      total += outcomes.length;
      if (outcomes.length < options.batchSize) return total;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
  }

  function tick(): void {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .then(() => {
        if (failures > 0) deps.logger.info({ failures }, 'outbox runs again');
        failures = 0;
      })
      .catch((error: unknown) => {
        failures += 1;
        deps.logger.error({ err: error, failures }, 'outbox run failed; will retry');
      })
      .finally(() => {
        running = undefined;
        const rerun = again && failures === 0;
        again = false;
        const outageMax = Math.max(options.pollMs, options.outageRetryMaxMs ?? 5_000);
        schedule(
          rerun ? 0 : failures > 0 ? Math.min(outageMax, options.pollMs * 2 ** failures) : options.pollMs,
        );
      });
  }

  return {
    runOnce,
    drain,
    start() {
      stopped = false;
      schedule(0);
    },
    poke() {
      if (!stopped) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
