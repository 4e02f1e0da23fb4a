import type { Invitation, InvitationState, Member } from '../../core/model.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `3 March 2026`: unambiguous wherever the reader lives. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * What the invitation looks like to its recipient now: a pending one whose expiry has passed is
 * expired even before the scheduler has moved it.
 */
export function effectiveState(invitation: Invitation, now: Date): InvitationState {
  if (invitation.state === 'pending' && Date.parse(invitation.expiresAt) <= now.getTime()) return 'expired';
  return invitation.state;
}

/** "Why did I get this?" in one sentence. */
export function whyLine(invitation: Invitation, inviter: Member, brand: string): string {
  const who = `${inviter.name} (${inviter.email})`;
  const on = formatDate(invitation.createdAt);
  switch (invitation.source) {
    case 'entered':
      return `${who} entered your address on ${on}.`;
    case 'contacts':
      return `Your address is in the contacts of ${who}, who invited you on ${on}.`;
    case 'member':
      return `You are a member of ${brand}, and ${who} invited you on ${on}.`;
  }
}

/** What became of an invitation that is no longer open, in the recipient's words. */
export function closedLine(state: InvitationState, inviter: Member): string {
  switch (state) {
    case 'accepted':
      return `You accepted it: you and ${inviter.name} are connected.`;
    case 'declined':
      return `You declined ${inviter.name}'s invitation.`;
    case 'withdrawn':
      return `It was withdrawn by ${inviter.name}.`;
    case 'expired':
      return `This invitation from ${inviter.name} has expired.`;
    default:
      return `This invitation from ${inviter.name} is no longer open.`;
  }
}

/** What the reminders will be, so nobody is surprised by a second message. */
export function remindersLine(invitation: Invitation): string {
  const left = Math.max(0, invitation.remindersPlanned - invitation.remindersSent);
  // None scheduled: the rest were skipped for the recipient's cap, or it came in a digest, which has none.
  if (left === 0 || invitation.nextReminderAt === null) return 'No reminders will follow.';
  return `If you do nothing, at most ${plural(left, 'reminder', 'reminders')} will follow; any answer stops ${left === 1 ? 'it' : 'them'}.`;
}
