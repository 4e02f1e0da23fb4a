/**
 * The per-recipient cap: all inviters together send one address at most `recipientCap`
 * invitation-kind messages (invitations, reminders, digests) per rolling `recipientWindowDays`. What
 * does not fit waits, and goes out as one digest when the window allows.
 *
 * Counting happens under the address's gate (`lockGate`), so two workers or two requests can never
 * both take the last slot.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import type { Invitation, Iso, Message, MessageKind } from './model.js';
import { newQueuedMessage } from './outbox-message.js';
import type { Store } from './ports.js';
import { addDays, dayMs, type Rules } from './rules.js';

export const cappedKinds: readonly MessageKind[] = ['invitation', 'reminder', 'digest'];

export function isCapped(kind: MessageKind): boolean {
  return cappedKinds.includes(kind);
}

export function recipientGate(recipientKey: string): string {
  return `recipient:${recipientKey}`;
}

export function windowStart(now: Date, rules: Rules): Iso {
  return new Date(now.getTime() - rules.recipientWindowDays * dayMs).toISOString();
}

/**
 * When one more message may go, given the times of those that count (any order). A message at `x`
 * counts at `t` while `t - x` is less than the window, so with the cap-th most recent at `d` the
 * next may go at `d + window`.
 */
export function capOpensAt(times: readonly Iso[], now: Date, rules: Rules): Date {
  const windowMs = rules.recipientWindowDays * dayMs;
  const recent = times
    .map((time) => Date.parse(time))
    .filter((time) => time > now.getTime() - windowMs)
    .sort((a, b) => b - a);
  const limiting = recent[rules.recipientCap - 1];
  return limiting === undefined ? now : new Date(Math.max(now.getTime(), limiting + windowMs));
}

/**
 * What already claims the address's window: messages let through, plus invitation messages queued but
 * not yet let through, which are about to be (they count as going now).
 */
async function windowLoad(deps: CoreDeps, tx: Store, recipientKey: string, now: Date): Promise<Iso[]> {
  const slots = await tx.listCapSlots(recipientKey, windowStart(now, deps.rules));
  const waiting = await tx.countWaitingInvitationMail(recipientKey);
  return [...slots.map((slot) => slot.at), ...Array.from({ length: waiting }, () => now.toISOString())];
}

/**
 * At invite time: whether a new invitation may be queued as its own message. Not when a digest is
 * already waiting (the newcomer joins it, so earlier inviters are not overtaken). Takes the gate.
 */
export async function recipientHasRoom(
  deps: CoreDeps,
  tx: Store,
  recipientKey: string,
  now: Date,
): Promise<boolean> {
  await tx.lockGate(recipientGate(recipientKey), now.toISOString());
  if (await tx.findQueuedDigest(recipientKey)) return false;
  return (await windowLoad(deps, tx, recipientKey, now)).length < deps.rules.recipientCap;
}

/**
 * The invitations waiting for a digest stay open at least until `expiryDays` after it is due: their
 * expiry counts from when they can reach the recipient, or the ones deferred on the day the window
 * filled would expire the moment it opens.
 */
export async function holdDeferredUntil(
  deps: CoreDeps,
  tx: Store,
  recipientKey: string,
  dueAt: Iso,
): Promise<void> {
  const until = addDays(new Date(dueAt), deps.rules.expiryDays).toISOString();
  for (const invitation of await tx.listDeferredInvitationsTo(recipientKey)) {
    if (invitation.expiresAt < until) await tx.setInvitationExpiry(invitation.id, until);
  }
}

/**
 * The address's waiting digest, queued for when the window next allows one if there was none; the
 * invitations waiting for it are held open past its due time.
 */
export async function ensureDigest(
  deps: CoreDeps,
  tx: Store,
  recipientKey: string,
  now: Date,
): Promise<Message> {
  const existing = await tx.findQueuedDigest(recipientKey);
  if (existing) {
    await holdDeferredUntil(deps, tx, recipientKey, existing.dueAt);
    return existing;
  }
  const dueAt = capOpensAt(await windowLoad(deps, tx, recipientKey, now), now, deps.rules).toISOString();
  const digest = newQueuedMessage(
    deps,
    // The address is taken from the invitations it carries when it is rendered: no copy to redact.
    { kind: 'digest', invitationId: null, inviterId: null, toEmail: null, toKey: recipientKey, dueAt },
    now,
  );
  await tx.insertMessage(digest);
  await holdDeferredUntil(deps, tx, recipientKey, dueAt);
  return digest;
}

/** Puts a pending invitation in its address's digest and records that it waits there. */
export async function joinDigest(
  deps: CoreDeps,
  tx: Store,
  invitation: Invitation,
  now: Date,
  actor: 'system' | 'worker',
): Promise<Message> {
  const digest = await ensureDigest(deps, tx, invitation.recipientKey, now);
  await recordEvent(tx, deps.ids, now, {
    actor,
    action: 'invitation.deferred',
    subjectType: 'invitation',
    subjectId: invitation.id,
    data: { digest: digest.id, dueAt: digest.dueAt },
  });
  return digest;
}
