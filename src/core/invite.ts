import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { admitInvitation, deferNewInvitation } from './invite-admission.js';
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
 * Writes the invitation and its outbox message in one transaction; the worker sends it. An
 * invitation to a suppressed address is recorded as `undeliverable` and queues nothing, and it is
 * answered exactly like any other, so the caller learns neither why nor whether the address is a member.
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
      const existing = await tx.findPendingInvitation(inviter.id, recipientKey);
      if (existing) return { invitation: existing, created: false };

      const now = deps.clock.now();
      const at = now.toISOString();
      const { suppressed, deferred } = await admitInvitation(deps, tx, inviter.id, recipientKey, now);
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
        expiresAt: addDays(now, rules.expiryDays).toISOString(),
        closedAt: suppressed ? at : null,
      };
      await tx.insertInvitation(invitation);
      await recordEvent(tx, deps.ids, now, {
        actor: `member:${inviter.id}`,
        action: suppressed ? 'invitation.created-undeliverable' : 'invitation.created',
        subjectType: 'invitation',
        subjectId: invitation.id,
        data: { recipientKey, reminders },
      });
      const written = deferred ? await deferNewInvitation(deps, tx, invitation, now) : invitation;
      if (!deferred && !suppressed) await tx.insertMessage(invitationMessage(deps, invitation, now));
      return { invitation: written, created: true };
    });
  const outcome = await write().catch(async (error: unknown) => {
    // A concurrent identical request won the race for the pending slot: answer with its invitation.
    if (!(error instanceof UniqueViolation)) throw error;
    const winner = await deps.store.findPendingInvitation(inviter.id, recipientKey);
    if (!winner) throw error;
    return { invitation: winner, created: false };
  });
  if (outcome.created && outcome.invitation.state === 'pending') deps.onMessageQueued?.();
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

function invitationMessage(deps: CoreDeps, invitation: Invitation, now: Date): Message {
  return newQueuedMessage(
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
}
