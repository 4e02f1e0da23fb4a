/**
 * A member leaves (GDPR Art. 17, erasure). In one durable transaction: their pending invitations are
 * withdrawn (no mail goes out about it), pending invitations to them close and their mail is
 * cancelled, their book and its imports are deleted, their address is taken out of every other book,
 * redacted from every invitation and message that held it in clear (and from every invitation they
 * sent, with their recipients' addresses), their connections, dismissals and settings go, and their
 * row becomes an anonymous stub. Only when asked does a global suppression with reason `erasure`
 * (a tombstone) keep their address from being mailed or added to a book again.
 */
import { recordEvent } from './audit.js';
import { closeUndeliverable } from './close-undeliverable.js';
import { bookOwner } from './contacts.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { redactionMarker } from './redaction.js';
import { applySuppression } from './suppress.js';
import { withdrawInvitation } from './withdraw.js';

export interface LeaveOutcome {
  memberId: string;
  /** Pending invitations of theirs withdrawn. */
  withdrawn: number;
  /** Contacts deleted from their book. */
  contactsDeleted: number;
  tombstone: boolean;
}

export async function leave(
  deps: CoreDeps,
  memberId: string,
  options: { tombstone: boolean; actor: string },
): Promise<LeaveOutcome> {
  return deps.store.durableTransaction(async (tx) => {
    const member = await bookOwner(deps, memberId, tx);
    const inTx = { ...deps, store: tx };
    const now = deps.clock.now();

    const open = await tx.listOpenIdsOf(member.id, now.toISOString(), {});
    let withdrawn = 0;
    for (const id of open) {
      try {
        await withdrawInvitation(inTx, id);
        withdrawn += 1;
      } catch (error) {
        // Closed by its recipient in the meantime: nothing of the leaving member's to withdraw.
        if (!(error instanceof KindlyError && error.code === 'invitation_not_pending')) throw error;
      }
    }
    if (options.tombstone) {
      await applySuppression(deps, tx, {
        key: member.emailKey,
        scope: 'global',
        reason: 'erasure',
        source: 'member-deleted',
        actor: options.actor,
      });
    }
    for (const invitation of await tx.listOpenInvitationsTo(member.emailKey, now.toISOString())) {
      if (invitation.state !== 'pending') continue; // closed in truth already; its inviter's view stays
      await closeUndeliverable(deps, tx, invitation.id, { actor: options.actor, cause: 'member-deleted' });
    }

    const contactsDeleted = await tx.deleteContacts(member.id);
    await tx.deleteContactImports(member.id);
    await tx.removeAddressFromBooks(member.emailKey);

    for (const target of await tx.listInvitationsOfMember(member.id, member.emailKey)) {
      if (target.email !== null) {
        await tx.redactAddress(
          { id: target.id, recipientKey: target.recipientKey, email: target.email },
          redactionMarker,
        );
      }
    }
    await tx.redactMemberMail(member.id, member.emailKey, member.email, redactionMarker);
    await tx.retireMember(member.id, now.toISOString());
    await recordEvent(tx, deps.ids, now, {
      actor: options.actor,
      action: 'member.deleted',
      subjectType: 'member',
      subjectId: member.id,
      data: { tombstone: options.tombstone, withdrawn, contactsDeleted },
    });
    return { memberId: member.id, withdrawn, contactsDeleted, tombstone: options.tombstone };
  });
}
