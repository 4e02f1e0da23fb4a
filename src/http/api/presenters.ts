import type { Invitation, Member } from '../../core/model.js';

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

/**
 * What an inviter's app may see. Never why an invitation is undeliverable, and never whether an
 * invited address belongs to a member: only a recipient invited *as* a member shows a memberId.
 */
export function presentInvitation(invitation: Invitation) {
  return {
    id: invitation.id,
    inviterId: invitation.inviterId,
    recipient: invitation.recipientMemberId
      ? { memberId: invitation.recipientMemberId }
      : { email: invitation.recipientEmail },
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
