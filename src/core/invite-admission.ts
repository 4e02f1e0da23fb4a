/**
 * The rules an invitation meets before it is written, in order: the inviter's limits and throttle
 * (a refusal, 429), suppression or the recipient member's invite policy (recorded `undeliverable`,
 * answered like any other), the re-invite
 * cooldowns (a refusal, 409), and the recipient's cap (queued now, or deferred to a digest).
 *
 * Suppression comes before the cooldowns so that a suppressed address reads the same whoever asks.
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

/** Runs inside the invite transaction; gates are taken inviter first, then recipient, always. */
export async function admitInvitation(
  deps: CoreDeps,
  tx: Store,
  inviterId: string,
  recipientKey: string,
  now: Date,
): Promise<Admission> {
  await tx.lockGate(`inviter:${inviterId}`, now.toISOString());
  await enforceInviterLimits(deps, tx, inviterId, now);
  // A member whose settings refuse this inviter is answered exactly like a suppressed address.
  const suppressed =
    (await tx.findSuppressions(recipientKey, inviterId)).length > 0 ||
    (await refusesInvitation(tx, inviterId, recipientKey));
  if (suppressed) return { suppressed, deferred: false };
  await enforceReinviteCooldowns(deps, tx, inviterId, recipientKey, now);
  return { suppressed, deferred: !(await recipientHasRoom(deps, tx, recipientKey, now)) };
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
