/**
 * What the worker reports to whoever watches it (the process's metrics). Owned here, so the worker
 * depends on no metrics library; both callbacks are optional and run inline, so they must be cheap
 * and must not throw.
 */
import type { MessageKind } from '../core/model.js';
import type { DeliveryOutcome } from './deliver-message.js';
import type { ScheduledWork } from './scheduler.js';

export interface WorkerObserver {
  /**
   * Once per claimed message, with the outcome `runOnce` reports for it: a delivery that crashed
   * counts as the `retry` it becomes when its lease runs out.
   */
  onDelivery?(kind: MessageKind, outcome: DeliveryOutcome): void;
  /** Once per run, with what the scheduler's sweeps changed (zeros included). */
  onSweep?(work: ScheduledWork): void;
}
