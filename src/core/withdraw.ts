import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { inviterStatusAt } from './inviter-view.js';
import type { Invitation } from './model.js';

/**
 * The inviter takes an invitation back: it closes at once and its queued mail is cancelled. What may
 * be withdrawn is what the inviter sees `pending`, an invitation to a suppressed address too (which
 * is closed in truth already and stays `undeliverable` there), so the answer never differs.
 */
export async function withdrawInvitation(deps: CoreDeps, id: string): Promise<Invitation> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const invitation = await tx.getInvitation(id);
    if (!invitation) throw new KindlyError('not_found', 'No invitation has that id.');
    if (!(await tx.withdrawInvitation(id, now.toISOString()))) {
      // Read again: a recipient's answer may have landed between the read above and the move.
      const current = (await tx.getInvitation(id)) ?? invitation;
      throw new KindlyError(
        'invitation_not_pending',
        `The invitation is ${inviterStatusAt(current, now)}; only pending ones can be withdrawn.`,
      );
    }
    await tx.cancelQueuedMessages(id);
    await recordEvent(tx, deps.ids, now, {
      actor: `member:${invitation.inviterId}`,
      action: 'invitation.withdrawn',
      subjectType: 'invitation',
      subjectId: id,
    });
    return (await tx.getInvitation(id)) ?? invitation;
  });
}

export async function getInvitation(deps: CoreDeps, id: string): Promise<Invitation> {
  const invitation = await deps.store.getInvitation(id);
  if (!invitation) throw new KindlyError('not_found', 'No invitation has that id.');
  return invitation;
}
