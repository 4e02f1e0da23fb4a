/**
 * The scheduler's clean-up: bookkeeping that only ever answers "how many lately?" is deleted once it
 * is older than the longest window that asks. Cap slots count for the recipient window, soft bounces
 * for their 7-day window, and gate rows are only locks. None of them holds a clear address, so this is
 * about the tables not growing for ever, not about redaction.
 */
import type { CoreDeps } from './deps.js';
import { softBounceRule } from './inbound-events.js';
import { windowStart } from './recipient-cap.js';
import { dayMs } from './rules.js';

export interface Pruned {
  capSlots: number;
  softBounces: number;
  gates: number;
}

/** A gate untouched this long has no holder and no rule waiting on it. */
export const gateIdleDays = 1;

/** One batch of each; returns how many rows of each kind it deleted. */
export async function pruneSpentRecords(deps: CoreDeps, limit = 500): Promise<Pruned> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => ({
    capSlots: await tx.pruneCapSlots(windowStart(now, deps.rules), limit),
    softBounces: await tx.pruneSoftBounces(
      new Date(now.getTime() - softBounceRule.windowDays * dayMs).toISOString(),
      limit,
    ),
    gates: await tx.pruneGates(new Date(now.getTime() - gateIdleDays * dayMs).toISOString(), limit),
  }));
}
