import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import type { InviterState } from './model.js';
import type { Store } from './ports.js';

/**
 * Closes a pending invitation as `undeliverable` and cancels its queued mail (reminders included),
 * inside the caller's transaction. Compare-and-set: returns false, changing nothing, when the
 * invitation had already left `pending`.
 *
 * `why.told` is what its inviter learns: `declined` for a block of that inviter, `undeliverable` when
 * this invitation's own message bounced; otherwise nothing, and the inviter's view stays `pending`
 * until it expires (`inviter-view.ts`).
 */
export async function closeUndeliverable(
  deps: CoreDeps,
  tx: Store,
  invitationId: string,
  why: { actor: string; cause: string; told?: InviterState | undefined },
): Promise<boolean> {
  const now = deps.clock.now();
  if (
    !(await tx.moveInvitation(invitationId, 'pending', 'undeliverable', now.toISOString(), {
      delivery: 'failed',
      ...(why.told === undefined ? {} : { inviterState: why.told }),
    }))
  ) {
    return false;
  }
  await tx.cancelQueuedMessages(invitationId);
  await recordEvent(tx, deps.ids, now, {
    actor: why.actor,
    action: 'invitation.undeliverable',
    subjectType: 'invitation',
    subjectId: invitationId,
    data: { cause: why.cause },
  });
  return true;
}
