import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { expireInvitation } from './expiry.js';
import { admitInvitation, deferNewInvitation, inviterGate } from './invite-admission.js';
import type { ContactOrigin, Invitation, Member, Message } from './model.js';
import { newQueuedMessage } from './outbox-message.js';
import { UniqueViolation } from './ports.js';
import { addDays, reminderDates, remindersBeforeExpiry } from './rules.js';
import { parseNote } from './text-input.js';

export interface InviteRequest {
  inviterId: string;
  email?: string;
  memberId?: string;
  note?: string | null;
  reminders?: number;
  /**
   * Set only by the batch use case, from a contact of the inviter's own book: the mail then tells the
   * recipient their address came from the inviter's contacts, and when it got there.
   */
  origin?: ContactOrigin;
}

export interface InviteOutcome {
  invitation: Invitation;
  /** False when the same inviter already had a pending invitation to this recipient. */
  created: boolean;
}

/**
 * Writes the invitation and its outbox message in one transaction; the worker sends it. The same
 * inviter and recipient while the inviter still sees an invitation open answer that one
 * (`created: false`).
 *
 * An invitation to a suppressed address, or to one that blocked this inviter, is recorded
 * `undeliverable` in truth, with its outbox message written already `suppressed` so nothing is ever
 * sent; its inviter sees it `pending` until it expires (`inviter-view.ts`). Every path runs the same
 * reads and writes, so neither the answer nor its timing tells a suppressed or blocked address, or a
 * member's, from anybody else's.
 */
export async function invite(deps: CoreDeps, request: InviteRequest): Promise<InviteOutcome> {
  const { rules } = deps;
  if ((request.email === undefined) === (request.memberId === undefined)) {
    throw new KindlyError('invalid_input', 'Give exactly one of email and memberId.');
  }
  const reminders = request.reminders ?? rules.defaultReminders;
  if (!Number.isInteger(reminders) || reminders < 0 || reminders > rules.maxReminders) {
    throw new KindlyError(
      'invalid_input',
      `reminders must be a whole number from 0 to ${rules.maxReminders}.`,
    );
  }
  // A reminder that could only fall after the expiry an operator chose is never promised.
  const planned = Math.min(reminders, remindersBeforeExpiry(rules));
  const note = parseNote(request.note, rules.noteMaxLength);
  const inviter = await deps.store.getMember(request.inviterId);
  if (!inviter) throw new KindlyError('unknown_member', 'inviterId names no member.');
  const recipient = await resolveRecipient(deps, request);
  const recipientKey = deps.keyOf(recipient.email);
  if (recipientKey === inviter.emailKey) throw new KindlyError('self_invitation');

  const write = () =>
    deps.store.transaction(async (tx): Promise<InviteOutcome> => {
      const now = deps.clock.now();
      const at = now.toISOString();
      // The inviter's gate first: two identical requests then see each other's invitation, also one
      // written closed, which the unique index on pending invitations cannot catch.
      await tx.lockGate(inviterGate(inviter.id), at);
      const existing = await tx.findOpenInvitation(inviter.id, recipientKey, at);
      if (existing) return { invitation: existing, created: false };
      // Pending in truth but expired in the inviter's view (held open for a digest, or not swept yet):
      // the inviter has moved on, so it closes before the new one takes its place.
      const stale = await tx.findPendingInvitation(inviter.id, recipientKey);
      if (stale) await expireInvitation(deps, tx, stale.id, now);

      const { suppressed, deferred } = await admitInvitation(deps, tx, inviter.id, recipientKey, now);
      const expiresAt = addDays(now, rules.expiryDays).toISOString();
      const invitation: Invitation = {
        id: deps.ids.id('inv'),
        inviterId: inviter.id,
        recipientEmail: recipient.email,
        recipientKey,
        recipientMemberId: recipient.member?.id ?? null,
        note,
        source: recipient.member ? 'member' : request.origin ? 'contacts' : 'entered',
        contactOrigin: recipient.member ? null : (request.origin ?? null),
        state: suppressed ? 'undeliverable' : 'pending',
        delivery: suppressed ? 'failed' : deferred ? 'deferred' : 'queued',
        remindersPlanned: planned,
        remindersSent: 0,
        // An invitation that waits for a digest gets no reminders: the digest is its one message.
        nextReminderAt:
          suppressed || deferred ? null : (reminderDates(now, planned, rules)[0]?.toISOString() ?? null),
        createdAt: at,
        expiresAt,
        closedAt: suppressed ? at : null,
        inviterState: 'pending',
        inviterClosedAt: null,
        inviterExpiresAt: expiresAt,
      };
      await tx.insertInvitation(invitation);
      await recordEvent(tx, deps.ids, now, {
        actor: `member:${inviter.id}`,
        action: suppressed ? 'invitation.created-undeliverable' : 'invitation.created',
        subjectType: 'invitation',
        subjectId: invitation.id,
        data: { recipientKey, reminders },
      });
      if (deferred) return { invitation: await deferNewInvitation(deps, tx, invitation, now), created: true };
      await tx.insertMessage(invitationMessage(deps, invitation, now, suppressed ? 'suppressed' : 'queued'));
      return { invitation, created: true };
    });
  const outcome = await write().catch(async (error: unknown) => {
    // A concurrent identical request won the race for the pending slot: answer with its invitation.
    if (!(error instanceof UniqueViolation)) throw error;
    const winner = await deps.store.findPendingInvitation(inviter.id, recipientKey);
    if (!winner) throw error;
    return { invitation: winner, created: false };
  });
  // Also for one written suppressed: the worker then finds nothing, as it may for anybody's.
  if (outcome.created) deps.onMessageQueued?.();
  return outcome;
}

async function resolveRecipient(
  deps: CoreDeps,
  request: InviteRequest,
): Promise<{ email: string; member: Member | undefined }> {
  if (request.memberId === undefined) return { email: parseAddress(request.email ?? ''), member: undefined };
  const member = await deps.store.getMember(request.memberId);
  if (!member) throw new KindlyError('unknown_member', 'memberId names no member.');
  return { email: member.email, member };
}

function invitationMessage(
  deps: CoreDeps,
  invitation: Invitation,
  now: Date,
  state: 'queued' | 'suppressed',
): Message {
  const message = newQueuedMessage(
    deps,
    {
      kind: 'invitation',
      invitationId: invitation.id,
      inviterId: invitation.inviterId,
      toEmail: invitation.recipientEmail,
      toKey: invitation.recipientKey,
      dueAt: now.toISOString(),
    },
    now,
  );
  // Written final: the worker claims only queued mail, and the hand-off would refuse it anyway.
  return { ...message, state };
}
