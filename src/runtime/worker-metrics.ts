/**
 * The outbox worker's metrics, in prom-client: what became of each message, how long SMTP took to
 * take one, and what the scheduler's sweeps changed. The worker only knows `WorkerObserver`.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { type MessageKind, messageKinds } from '../core/model.js';
import type { Mailer } from '../core/ports.js';
import type { DeliveryOutcome } from '../outbox/deliver-message.js';
import type { ScheduledWork } from '../outbox/scheduler.js';
import type { WorkerObserver } from '../outbox/worker-observer.js';

export interface WorkerMetrics extends WorkerObserver {
  onDelivery(kind: MessageKind, outcome: DeliveryOutcome): void;
  onSweep(work: ScheduledWork): void;
  /** `mailer`, with each send timed into `kindly_smtp_send_seconds`. */
  timed(mailer: Mailer): Mailer;
}

// A record, not a list, so the compiler says when DeliveryOutcome grows an outcome this lacks.
const deliveryOutcomes: Record<DeliveryOutcome, true> = {
  sent: true,
  retry: true,
  failed: true,
  suppressed: true,
  cancelled: true,
  deferred: true,
  skipped: true,
  lost: true,
};

/**
 * Mail anyone may have Kindly queue for any address, by posting it to a public page (a do-not-contact
 * confirmation). One to an address that is suppressed already is stopped at the hand-off; counted as
 * `suppressed`, or timed only when it reaches SMTP, it would tell whoever reads these series that the
 * address they posted had opted out. So it counts as `sent`, and none of this kind is timed: the
 * series read the same for a known address and an unknown one. The audit log keeps the truth.
 */
const publiclyRequested: readonly MessageKind[] = ['confirmation'];

function countedOutcome(kind: MessageKind, outcome: DeliveryOutcome): DeliveryOutcome {
  return outcome === 'suppressed' && publiclyRequested.includes(kind) ? 'sent' : outcome;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const messages = new Counter({
    name: 'kindly_messages_total',
    help: 'Outbox messages the worker finished an attempt on, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  // Every series exists from the start, so rate() and alerts see the first failure, not a new series.
  for (const kind of messageKinds) {
    for (const outcome of Object.keys(deliveryOutcomes)) messages.inc({ kind, outcome }, 0);
  }
  const sendSeconds = new Histogram({
    name: 'kindly_smtp_send_seconds',
    help: 'Time the mail server took to take (or refuse) one message.',
    labelNames: ['result'] as const,
    // A local relay answers in milliseconds; a slow or greylisting peer takes seconds, up to the timeout.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const swept = new Counter({
    name: 'kindly_scheduler_swept_total',
    help: "Rows the scheduler's sweeps changed (invitations expired, records redacted, …), by sweep.",
    labelNames: ['sweep'] as const,
    registers: [registry],
  });

  return {
    onDelivery(kind, outcome) {
      messages.inc({ kind, outcome: countedOutcome(kind, outcome) });
    },
    onSweep(work) {
      // Every count the scheduler reports, so a sweep added there shows up here unasked.
      for (const [sweep, count] of Object.entries(work)) {
        if (typeof count === 'number' && count >= 0) swept.inc({ sweep }, count);
      }
    },
    timed(mailer) {
      return {
        async send(mail) {
          if (publiclyRequested.includes(mail.headers['X-Kindly-Kind'] as MessageKind)) {
            return mailer.send(mail);
          }
          const done = sendSeconds.startTimer();
          try {
            const result = await mailer.send(mail);
            done({ result: 'accepted' });
            return result;
          } catch (error) {
            done({ result: 'error' });
            throw error;
          }
        },
        close: () => mailer.close(),
      };
    },
  };
}
