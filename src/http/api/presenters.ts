import type { Context } from 'hono';
import type { CoreDeps } from '../../core/deps.js';
import { inviterView } from '../../core/inviter-view.js';
import type { Invitation, Member } from '../../core/model.js';
import { principalOf } from '../middleware/principal.js';

export function presentMember(member: Member) {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    externalId: member.externalId,
    allowReplyTo: member.allowReplyTo,
    discoverable: member.discoverable ?? true,
    invitePolicy: member.invitePolicy ?? 'anyone',
    createdAt: member.createdAt,
  };
}

function recipientOf(invitation: Invitation) {
  return invitation.recipientMemberId
    ? { memberId: invitation.recipientMemberId }
    : { email: invitation.recipientEmail };
}

/**
 * What an inviter's app sees: the inviter's view (`core/inviter-view.ts`) at `now`, with no delivery
 * detail, so a suppressed, blocked, bounced-before or capped recipient reads exactly like one who got
 * the mail and did not answer. Never whether an invited address belongs to a member: only a
 * recipient invited *as* a member shows a memberId.
 */
export function presentInviterView(invitation: Invitation, now: Date, rules: CoreDeps['rules']) {
  const view = inviterView(invitation, now, rules);
  return {
    id: invitation.id,
    inviterId: invitation.inviterId,
    recipient: recipientOf(invitation),
    note: invitation.note,
    status: view.status,
    createdAt: invitation.createdAt,
    expiresAt: view.expiresAt,
    closedAt: view.closedAt,
    reminders: view.reminders,
  };
}

/** The truth, for operators: the real state, delivery, expiry and reminders. */
export function presentInvitation(invitation: Invitation) {
  return {
    id: invitation.id,
    inviterId: invitation.inviterId,
    recipient: recipientOf(invitation),
    note: invitation.note,
    status: invitation.state,
    delivery: invitation.delivery,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    closedAt: invitation.closedAt,
    reminders: {
      planned: invitation.remindersPlanned,
      sent: invitation.remindersSent,
      nextAt: invitation.state === 'pending' ? invitation.nextReminderAt : null,
    },
  };
}

/**
 * An invitation as the caller may see it: the inviter's view for an `app` token, the truth for the
 * operator. `now` is one instant per answer, so a list reads consistently.
 */
export function invitationPresenter(c: Context, core: CoreDeps, now: Date = core.clock.now()) {
  const asInviter = principalOf(c).role === 'app';
  return (invitation: Invitation) =>
    asInviter ? presentInviterView(invitation, now, core.rules) : presentInvitation(invitation);
}
