/**
 * The scheduler's share of each worker run. Reminders and digests are outbox messages with a future
 * `dueAt`, claimed and leased like any other; expiry and redaction are sweeps over the invitations,
 * whose `expires_at` and `closed_at` make them due; pruning deletes rule bookkeeping older than any
 * window that reads it. See docs/scheduler.md.
 */
import type { CoreDeps } from '../core/deps.js';
import { expireDueInvitations } from '../core/expiry.js';
import { pruneSpentRecords } from '../core/prune.js';
import { redactDueInvitations, redactFinishedAddressMail } from '../core/redaction.js';

export interface ScheduledWork {
  expired: number;
  redacted: number;
  /** Cap slots, soft bounces and idle gates deleted. */
  pruned: number;
}

/** Runs every sweep until nothing is due; batches keep each transaction short. */
export async function runScheduledWork(deps: CoreDeps, batch = 100): Promise<ScheduledWork> {
  const done: ScheduledWork = { expired: 0, redacted: 0, pruned: 0 };
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
  for (;;) {
    const pruned = await pruneSpentRecords(deps, batch);
    done.pruned += pruned.capSlots + pruned.softBounces + pruned.gates;
    if (Math.max(pruned.capSlots, pruned.softBounces, pruned.gates) < batch) break;
  }
  return done;
}
