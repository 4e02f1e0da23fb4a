/**
 * DESIGN: the address on a closed invitation (declined, withdrawn, expired, undeliverable) is
 * redacted `redactAfterDays` after it closed; only its keyed hash stays, which is all the rules
 * (suppressions, cooldowns, the cap) ever need. An accepted invitation is left alone: its recipient is
 * a member now, and a member's own address is their account.
 *
 * "Closed" counts from when the invitation closed both in truth and in its inviter's view
 * (`settled_at`): an invitation to a suppressed address closes at once but reads `pending` to its
 * inviter until its expiry, and an address that vanished from it sooner would tell them why.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { dayMs } from './rules.js';

/** What takes an address's place inside free text (an SMTP reply, a note). */
export const redactionMarker = '[address removed]';

/** One batch of the scheduler's redaction sweep; returns how many invitations it redacted. */
export async function redactDueInvitations(deps: CoreDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const settledBy = new Date(now.getTime() - deps.rules.redactAfterDays * dayMs).toISOString();
  return deps.store.transaction(async (tx) => {
    const due = await tx.lockDueRedactions(settledBy, limit);
    for (const target of due) {
      await tx.redactAddress(target, redactionMarker);
      await recordEvent(tx, deps.ids, now, {
        actor: 'system',
        action: 'invitation.redacted',
        subjectType: 'invitation',
        subjectId: target.id,
      });
    }
    return due.length;
  });
}

/**
 * Confirmation mail to an address that was never invited has no invitation to close, so it would
 * keep its address for ever: it loses it `redactAfterDays` after it was created.
 */
export function redactFinishedAddressMail(deps: CoreDeps, limit = 100): Promise<number> {
  const createdBy = new Date(deps.clock.now().getTime() - deps.rules.redactAfterDays * dayMs).toISOString();
  return deps.store.redactFinishedAddressMail(createdBy, redactionMarker, limit);
}
