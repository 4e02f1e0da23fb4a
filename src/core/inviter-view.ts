/**
 * The inviter's view: what an inviter — an `app` token, and later webhooks and the members' web app —
 * may know of an invitation. Only what the recipient told *this* inviter and what the inviter did:
 *
 * - `pending` until something below happens, then `expired` once the expiry the inviter was promised
 *   passes;
 * - `accepted`, `declined` (a "no thanks", and also a block of this inviter), `withdrawn`;
 * - `undeliverable` only when this invitation's own message (its invitation, a reminder, or the digest
 *   that carried it) bounced after Kindly handed it to SMTP.
 *
 * A recipient who is suppressed, blocked this inviter before, bounced earlier or is held back by the
 * per-recipient cap reads exactly like one who got the mail and did not answer: `pending`, then
 * `expired`. Reminders read as the schedule the invitation disclosed, whatever was really sent, and no
 * delivery detail is shown. Operators see the truth (`state`, `delivery`, the real reminders).
 * DESIGN, "The inviter's view".
 */
import type { Invitation, InvitationState, Iso } from './model.js';
import { type Rules, reminderDates } from './rules.js';

/** The fields of an invitation the view is computed from. */
export type InviterViewSource = Pick<
  Invitation,
  'createdAt' | 'remindersPlanned' | 'inviterState' | 'inviterClosedAt' | 'inviterExpiresAt'
>;

export interface InviterView {
  status: InvitationState;
  /** The expiry the inviter was promised (ISO-8601). */
  expiresAt: Iso;
  /** When the view left `pending`: an answer's or withdrawal's time, or `expiresAt`; null while pending. */
  closedAt: Iso | null;
  /**
   * `planned`: reminders disclosed in the invitation; `sent`: how many of their dates have passed
   * while the invitation was open; `nextAt`: the next date while it is pending, else null.
   */
  reminders: { planned: number; sent: number; nextAt: Iso | null };
}

/** The view's status at `now`: the stored state, or `expired` for a pending one past its promised expiry. */
export function inviterStatusAt(
  invitation: Pick<Invitation, 'inviterState' | 'inviterExpiresAt'>,
  now: Date,
): InvitationState {
  if (invitation.inviterState !== 'pending') return invitation.inviterState;
  return now.getTime() < Date.parse(invitation.inviterExpiresAt) ? 'pending' : 'expired';
}

/** Whether the inviter sees the invitation as open (`pending`) at `now`: withdrawable, and re-invited as itself. */
export function isOpenToInviter(
  invitation: Pick<Invitation, 'inviterState' | 'inviterExpiresAt'>,
  now: Date,
): boolean {
  return inviterStatusAt(invitation, now) === 'pending';
}

/**
 * The inviter's view of `invitation` at `now`. Pure; `rules.reminderIntervalDays` spaces the
 * reminder dates, as it does when reminders are queued.
 */
export function inviterView(
  invitation: InviterViewSource,
  now: Date,
  rules: Pick<Rules, 'reminderIntervalDays'>,
): InviterView {
  const status = inviterStatusAt(invitation, now);
  const closedAt =
    status === 'pending'
      ? null
      : status === 'expired'
        ? invitation.inviterExpiresAt
        : (invitation.inviterClosedAt ?? invitation.inviterExpiresAt);
  const until = Math.min(now.getTime(), closedAt === null ? Number.POSITIVE_INFINITY : Date.parse(closedAt));
  const dates = reminderDates(new Date(invitation.createdAt), invitation.remindersPlanned, rules);
  const next = status === 'pending' ? dates.find((date) => date.getTime() > now.getTime()) : undefined;
  return {
    status,
    expiresAt: invitation.inviterExpiresAt,
    closedAt,
    reminders: {
      planned: invitation.remindersPlanned,
      sent: dates.filter((date) => date.getTime() <= until).length,
      nextAt: next?.toISOString() ?? null,
    },
  };
}
