import { formatDate } from './format-date.js';
import { oneLine, shownName } from './header-safe.js';
import type { InvitationMailInput } from './invitation-mail.js';
import type { MailSettings } from './mail-settings.js';

/**
 * The words of an invitation or reminder, as plain sentences. The text and HTML renderings are
 * built from these same sentences, so the two alternatives can never tell different stories.
 */
export interface InvitationCopy {
  subject: string;
  heading: string;
  /** For reminders: which one this is and whether more follow. */
  position: string | null;
  intro: string;
  noteLabel: string;
  /** The member's note, line breaks normalised to `\n`; null when there is none. */
  note: string | null;
  inviterName: string;
  why: string;
  /** How many reminders follow and when. */
  reminders: string;
  /** How to stop them (or all mail). */
  stopping: string;
  expiry: string;
  replyHint: string | null;
  footer: string;
}

export interface InvitationLinks {
  landing: string;
  accept: string;
  decline: string;
  block: string;
  stop: string;
}

export function invitationLinks(
  tokens: InvitationMailInput['tokens'],
  settings: MailSettings,
): InvitationLinks {
  const landing = `${settings.baseUrl}/r/${tokens.landing}`;
  return {
    landing,
    accept: `${landing}/accept`,
    decline: `${landing}/decline`,
    block: `${landing}/block`,
    stop: `${settings.baseUrl}/u/${tokens.stop}`,
  };
}

const counted = ['no', 'one', 'two'] as const;

function whyLine(input: InvitationMailInput, name: string, brand: string): string {
  const on = formatDate(input.invitedAt);
  switch (input.source) {
    case 'entered':
      return `${name} entered your address on ${on}.`;
    case 'contacts':
      return `Your address came from ${name}'s contacts; they chose to invite you on ${on}.`;
    case 'member':
      return `You are a member of ${brand}; ${name} invited you on ${on}.`;
  }
}

/** The disclosure an invitation makes up front: the count and dates of what will follow. */
function upcoming(input: InvitationMailInput, brand: string): string {
  const planned = Math.max(0, Math.min(2, Math.trunc(input.remindersPlanned)));
  const dates = input.reminderDates.slice(0, planned).map(formatDate);
  // Dates that do not match the count would disclose something false; the count alone is still true.
  const when = dates.length === planned ? `, on ${dates.join(' and ')},` : '';
  if (planned === 0) return `${brand} will not remind you about this invitation.`;
  if (planned === 1) return `You will get one reminder${when} unless you answer or stop it.`;
  return `You will get ${counted[planned]} reminders${when} unless you answer or stop them.`;
}

/** What a reminder says about itself: which one it is, and whether another follows. */
function position(input: InvitationMailInput): { position: string; more: boolean; reminders: string } {
  const number = Math.max(1, input.reminderNumber ?? 1);
  const planned = Math.max(number, Math.min(2, input.remindersPlanned));
  if (number >= planned) {
    return {
      position: 'This is the last reminder about this invitation.',
      more: false,
      reminders: 'No more reminders will follow.',
    };
  }
  const next = input.reminderDates[number];
  return {
    position: `This is the first of ${counted[planned]} reminders about this invitation.`,
    more: true,
    reminders: `The second and last one will follow${next ? ` on ${formatDate(next)}` : ''} unless you answer or stop it.`,
  };
}

export function invitationCopy(input: InvitationMailInput, settings: MailSettings): InvitationCopy {
  const brand = oneLine(settings.brand);
  const name = shownName(input.inviter.name, settings.brand);
  const email = input.inviter.email;
  const invited = `${name} invited you to connect on ${brand}`;
  const note = input.note?.replace(/\r\n?/g, '\n').trim() || null;

  const reminder = input.kind === 'reminder' ? position(input) : null;
  const moreToCome = reminder ? reminder.more : input.remindersPlanned > 0;
  const neverAgain = `Never e-mail me again also stops all other mail from ${brand}.`;

  return {
    subject: reminder ? `Reminder: ${invited}` : invited,
    heading: invited,
    position: reminder?.position ?? null,
    intro: reminder
      ? `${name} (${email}) invited you on ${formatDate(input.invitedAt)} to connect on ${brand}, and the invitation is still open.`
      : `${name} (${email}) invited you to connect on ${brand}.`,
    noteLabel: `${name} added a note:`,
    note,
    inviterName: name,
    why: `Why you got this: ${whyLine(input, name, brand)}`,
    reminders: reminder ? reminder.reminders : upcoming(input, brand),
    stopping: moreToCome
      ? `Accept, No thanks, Block or Never e-mail me again each stop the reminders. ${neverAgain}`
      : `To get no mail at all from ${brand}, choose Never e-mail me again.`,
    expiry: `This invitation expires on ${formatDate(input.expiresAt)}.`,
    replyHint: input.inviter.allowReplyTo ? `Replying to this e-mail reaches ${name}.` : null,
    footer: `${brand} sent this e-mail on behalf of ${name}.`,
  };
}
