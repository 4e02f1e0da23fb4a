/**
 * The rules an invitation meets before it is written, in order: the inviter's limits and throttle
 * (a refusal, 429), the re-invite cooldowns (a refusal, 409, read from the inviter's view, so a block
 * reads as the "no thanks" it shows as), suppression or the recipient member's invite policy
 * (recorded `undeliverable`, shown to the inviter as `pending`), and the recipient's cap (queued now,
 * or deferred to a digest).
 *
 * Every rule is read on every path, the cap's too when the address is suppressed, so an invitation
 * to a suppressed or blocked address costs the same statements as one to anybody else (the inviter's
 * view, `inviter-view.ts`).
 */
import type { CoreDeps } from './deps.js';
import { enforceInviterLimits } from './inviter-limits.js';
import { refusesInvitation } from './member-settings.js';
import type { Invitation } from './model.js';
import type { Store } from './ports.js';
import { joinDigest, recipientHasRoom } from './recipient-cap.js';
import { enforceReinviteCooldowns } from './reinvite-cooldowns.js';

export interface Admission {
  suppressed: boolean;
  /** Pending, but waiting for the recipient's cap: no message of its own; it goes in a digest. */
  deferred: boolean;
}

/** The inviter's gate: taken first in every invite transaction, before the recipient's. */
export function inviterGate(inviterId: string): string {
  return `inviter:${inviterId}`;
}

/** Runs inside the invite transaction, with the inviter's gate held; takes the recipient's. */
export async function admitInvitation(
  deps: CoreDeps,
  tx: Store,
  inviterId: string,
  recipientKey: string,
  now: Date,
): Promise<Admission> {
  await enforceInviterLimits(deps, tx, inviterId, now);
  await enforceReinviteCooldowns(deps, tx, inviterId, recipientKey, now);
  // A member whose settings refuse this inviter is answered exactly like a suppressed address; both
  // are read every time, so neither answer costs fewer statements than the other.
  const suppressions = await tx.findSuppressions(recipientKey, inviterId);
  const refused = await refusesInvitation(tx, inviterId, recipientKey);
  const suppressed = suppressions.length > 0 || refused;
  const room = await recipientHasRoom(deps, tx, recipientKey, now);
  return { suppressed, deferred: !suppressed && !room };
}

/**
 * A new invitation that waits for the recipient's window: it joins (or starts) the address's digest.
 * Returns it as written, its expiry held open past the digest's due time.
 */
export async function deferNewInvitation(
  deps: CoreDeps,
  tx: Store,
  invitation: Invitation,
  now: Date,
): Promise<Invitation> {
  await joinDigest(deps, tx, invitation, now, 'system');
  return (await tx.getInvitation(invitation.id)) ?? invitation;
}
