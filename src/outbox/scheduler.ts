/**
 * The scheduler's share of each worker run. Reminders and digests are outbox messages with a future
 * `dueAt`, claimed and leased like any other; expiry and redaction are sweeps over the invitations,
 * whose `expires_at` and `closed_at` make them due. See docs/scheduler.md.
 */
import type { CoreDeps } from '../core/deps.js';
import { expireDueInvitations } from '../core/expiry.js';
import { redactDueInvitations, redactFinishedAddressMail } from '../core/redaction.js';

export interface ScheduledWork {
  expired: number;
  redacted: number;
}

/** Runs both sweeps until nothing is due; batches keep each transaction short. */
export async function runScheduledWork(deps: CoreDeps, batch = 100): Promise<ScheduledWork> {
  const done: ScheduledWork = { expired: 0, redacted: 0 };
  for (;;) {
    const expired = await expireDueInvitations(deps, batch);
    done.expired += expired;
    if (expired < batch) break;
  }
  for (;;) {
    const redacted = await redactDueInvitations(deps, batch);
    done.redacted += redacted;
    if (redacted < batch) break;
  }
  for (;;) {
    const redacted = await redactFinishedAddressMail(deps, batch);
    done.redacted += redacted;
    if (redacted < batch) break;
  }
  return done;
}
