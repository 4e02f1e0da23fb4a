/** Expiry: a pending invitation past its `expiresAt` becomes `expired` and loses its queued mail. */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import type { Store } from './ports.js';

/** Inside the caller's transaction. False when another move won. */
export async function expireInvitation(deps: CoreDeps, tx: Store, id: string, now: Date): Promise<boolean> {
  if (!(await tx.moveInvitation(id, 'pending', 'expired', now.toISOString()))) return false;
  await tx.cancelQueuedMessages(id);
  await recordEvent(tx, deps.ids, now, {
    actor: 'system',
    action: 'invitation.expired',
    subjectType: 'invitation',
    subjectId: id,
  });
  return true;
}

/** One batch of the scheduler's expiry sweep; returns how many it expired. */
export async function expireDueInvitations(deps: CoreDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    let expired = 0;
    for (const id of await tx.lockDueExpiries(now.toISOString(), limit)) {
      if (await expireInvitation(deps, tx, id, now)) expired += 1;
    }
    return expired;
  });
}
