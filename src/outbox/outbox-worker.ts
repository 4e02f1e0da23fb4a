/**
 * The sending loop: lease due messages, deliver each, repeat. Leases expire, so a message held by a
 * worker that died is picked up by another; delivery is at-least-once and a crash loses nothing.
 */
import { type DeliveryDeps, type DeliveryOutcome, deliverMessage } from './deliver-message.js';

export interface WorkerOptions {
  pollMs: number;
  leaseMs: number;
  batchSize: number;
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

  async function runOnce(): Promise<DeliveryOutcome[]> {
    const now = deps.clock.now();
    const claimed = await deps.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + options.leaseMs).toISOString(),
      options.batchSize,
    );
    return Promise.all(
      claimed.map((message) =>
        deliverMessage(deps, message).catch((error: unknown) => {
          // The lease stays, so the message is retried after it expires rather than in a tight loop.
          deps.logger.error({ err: error, messageId: message.id }, 'delivery crashed');
          return 'retry' as const;
        }),
      ),
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
      .catch((error: unknown) => deps.logger.error({ err: error }, 'outbox run failed'))
      .finally(() => {
        running = undefined;
        const rerun = again;
        again = false;
        schedule(rerun ? 0 : options.pollMs);
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
