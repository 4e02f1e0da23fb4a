/**
 * The per-recipient cap at send time, for the outbox worker. An invitation-kind message is let
 * through only when its address's window has room, under the address's gate; otherwise an invitation
 * is deferred to the address's digest, a reminder is skipped (never pushed past its invitation's
 * expiry), and a digest waits for the window to open.
 */
import { recordEvent } from './audit.js';
import { closeUndeliverable } from './close-undeliverable.js';
import type { CoreDeps } from './deps.js';
import { expireInvitation } from './expiry.js';
import type { Invitation, Message } from './model.js';
import type { Store } from './ports.js';
import {
  capOpensAt,
  holdDeferredUntil,
  isCapped,
  joinDigest,
  recipientGate,
  windowStart,
} from './recipient-cap.js';
import { advanceReminders, queueNextReminder } from './reminders.js';
import { addDays } from './rules.js';

export type CapAdmission =
  /** Send it; a digest carries `items`. */
  { outcome: 'pass'; items: Invitation[] } | { outcome: 'cancelled' | 'deferred' | 'skipped' };

export async function admitCappedMessage(
  deps: CoreDeps,
  message: Message,
  invitation: Invitation | undefined,
): Promise<CapAdmission> {
  if (!isCapped(message.kind)) return { outcome: 'pass', items: [] };
  const now = deps.clock.now();
  const at = now.toISOString();
  return deps.store.transaction(async (tx): Promise<CapAdmission> => {
    // A late worker must not send for an invitation whose expiry passed before the sweep got to it.
    if (invitation && Date.parse(invitation.expiresAt) <= now.getTime()) {
      await expireInvitation(deps, tx, invitation.id, now);
      await tx.updateMessage(message.id, { state: 'cancelled', leaseUntil: null });
      return { outcome: 'cancelled' };
    }
    await tx.lockGate(recipientGate(message.toKey), at);
    const items = message.kind === 'digest' ? await digestItems(deps, tx, message, now) : [];
    if (message.kind === 'digest' && items.length === 0) {
      await tx.updateMessage(message.id, {
        state: 'cancelled',
        leaseUntil: null,
        lastError: 'nothing left to carry',
      });
      return { outcome: 'cancelled' };
    }
    const slots = (await tx.listCapSlots(message.toKey, windowStart(now, deps.rules))).filter(
      (slot) => slot.messageId !== message.id,
    );
    if (slots.length < deps.rules.recipientCap) {
      await tx.saveCapSlot(message.id, message.toKey, at);
      // What a digest carries is open for the full expiry period from now, as its copy says.
      const expiresAt = addDays(now, deps.rules.expiryDays).toISOString();
      for (const item of items) await tx.setInvitationExpiry(item.id, expiresAt);
      return { outcome: 'pass', items: items.map((item) => ({ ...item, expiresAt })) };
    }
    if (message.kind === 'digest') {
      const dueAt = capOpensAt(
        slots.map((slot) => slot.at),
        now,
        deps.rules,
      ).toISOString();
      // Waiting is not a delivery attempt: the claim's count is given back, so a digest that waits
      // still has all its retries when it finally goes.
      await tx.updateMessage(message.id, {
        dueAt,
        leaseUntil: null,
        attempts: Math.max(0, message.attempts - 1),
      });
      await holdDeferredUntil(deps, tx, message.toKey, dueAt);
      return { outcome: 'deferred' };
    }
    const current = invitation && (await tx.getInvitation(invitation.id));
    if (current?.state !== 'pending') {
      await tx.updateMessage(message.id, { state: 'cancelled', leaseUntil: null });
      return { outcome: 'cancelled' };
    }
    if (message.kind === 'reminder') {
      // The invitation's row before its message's, here and in deferToDigest: a recipient's stop
      // takes them in that order, and the same order on both sides cannot deadlock.
      await advanceReminders(deps, tx, current, message, now);
      await tx.updateMessage(message.id, {
        state: 'cancelled',
        leaseUntil: null,
        lastError: "skipped: the recipient's cap was reached",
      });
      await recordEvent(tx, deps.ids, now, {
        actor: 'worker',
        action: 'reminder.skipped',
        subjectType: 'invitation',
        subjectId: current.id,
        data: { message: message.id, cause: 'recipient-cap' },
      });
      return { outcome: 'skipped' };
    }
    await deferToDigest(deps, tx, message, current, now);
    return { outcome: 'deferred' };
  });
}

/** The invitation waits for the address's digest; its own message (and any reminder) is cancelled. */
async function deferToDigest(deps: CoreDeps, tx: Store, message: Message, invitation: Invitation, now: Date) {
  await tx.setInvitationDelivery(invitation.id, 'deferred');
  await tx.setReminderProgress(invitation.id, 0, null);
  await tx.cancelQueuedMessages(invitation.id);
  await tx.updateMessage(message.id, {
    leaseUntil: null,
    lastError: "deferred: the recipient's cap was reached",
  });
  await joinDigest(deps, tx, invitation, now, 'worker');
}

/**
 * What a digest carries: the address's pending deferred invitations that have not expired. One
 * whose inviter the address blocked meanwhile (a scoped suppression written without closing it)
 * is closed here instead.
 */
async function digestItems(deps: CoreDeps, tx: Store, message: Message, now: Date): Promise<Invitation[]> {
  const items: Invitation[] = [];
  for (const invitation of await tx.listDeferredInvitationsTo(message.toKey)) {
    if (Date.parse(invitation.expiresAt) <= now.getTime()) continue;
    const scoped = (await tx.findSuppressions(message.toKey, invitation.inviterId)).length > 0;
    if (!scoped) {
      items.push(invitation);
      continue;
    }
    await closeUndeliverable(deps, tx, invitation.id, { actor: 'worker', cause: 'suppressed-at-send' });
  }
  return items;
}

/**
 * After a capped message went out, inside the transaction that records it: its slot moves to the
 * sending time, the invitation counts as delivered, and the next reminder is queued.
 */
export async function recordCappedSend(
  deps: CoreDeps,
  tx: Store,
  message: Message,
  items: readonly Invitation[],
  now: Date,
): Promise<void> {
  if (!isCapped(message.kind)) return;
  const at = now.toISOString();
  await tx.saveCapSlot(message.id, message.toKey, at);
  if (message.kind === 'digest') {
    await tx.addDigestItems(
      message.id,
      items.map((item) => item.id),
    );
    for (const item of items) {
      // Invitation before its outcome row, the order a recipient's stop takes them in.
      await tx.setInvitationDelivery(item.id, 'sent');
      await tx.markDelivered(item.id, item.inviterId, at);
    }
    return;
  }
  const invitation = message.invitationId ? await tx.getInvitation(message.invitationId) : undefined;
  if (!invitation) return;
  if (message.kind === 'invitation') {
    await tx.markDelivered(invitation.id, invitation.inviterId, at);
    const next =
      invitation.state === 'pending' ? await queueNextReminder(deps, tx, invitation, 0, now) : null;
    await tx.setReminderProgress(invitation.id, 0, next);
  } else {
    await advanceReminders(deps, tx, invitation, message, now);
  }
}
