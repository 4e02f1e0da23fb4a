import type { AddressSource } from '../../core/model.js';
import { formatDate } from './format-date.js';
import { oneLine, shownName } from './header-safe.js';
import type { MailSettings } from './mail-settings.js';

/** One waiting invitation in a digest. */
export interface DigestEntry {
  inviter: { name: string; email: string };
  /** Member-typed plain text; never trusted as HTML. */
  note: string | null;
  source: AddressSource;
  invitedAt: Date;
  expiresAt: Date;
  /** Raw URL-safe landing token of this invitation, minted for this digest. */
  landingToken: string;
}

export interface DigestEntryCopy {
  name: string;
  invited: string;
  noteLabel: string;
  note: string | null;
  why: string;
  links: { landing: string; accept: string; decline: string; block: string };
}

export interface DigestCopy {
  subject: string;
  intro: string;
  entries: DigestEntryCopy[];
  reminders: string;
  stopping: string;
  footer: string;
}

function why(entry: DigestEntry, name: string, brand: string): string {
  const on = formatDate(entry.invitedAt);
  const how =
    entry.source === 'contacts'
      ? `Your address came from ${name}'s contacts.`
      : entry.source === 'member'
        ? `You are a member of ${brand}.`
        : `${name} entered your address on ${on}.`;
  return `Why you got this: ${how} This invitation expires on ${formatDate(entry.expiresAt)}.`;
}

/**
 * The words of a digest. It exists because of the cap, so it says so: the recipient learns why these
 * came together, that nothing else about them will follow, and that each answer is per invitation.
 */
export function digestCopy(
  entries: readonly DigestEntry[],
  cap: { messages: number; days: number },
  settings: MailSettings,
): DigestCopy {
  const brand = oneLine(settings.brand);
  const many = entries.length > 1;
  const first = entries[0];
  const firstName = first ? shownName(first.inviter.name, settings.brand) : 'Someone';
  return {
    subject: many
      ? `${entries.length} people invited you to connect on ${brand}`
      : `${firstName} invited you to connect on ${brand}`,
    intro:
      `${brand} sends you at most ${cap.messages} invitation e-mails in ${cap.days} days, however many people invite you, ` +
      `so ${many ? 'these invitations waited and arrive together' : 'this invitation waited until now'}.`,
    entries: entries.map((entry) => {
      const name = shownName(entry.inviter.name, settings.brand);
      const landing = `${settings.baseUrl}/r/${entry.landingToken}`;
      return {
        name,
        invited: `${name} (${entry.inviter.email}) invited you on ${formatDate(entry.invitedAt)}.`,
        noteLabel: `${name} added a note:`,
        note: entry.note?.replace(/\r\n?/g, '\n').trim() || null,
        why: why(entry, name, brand),
        links: {
          landing,
          accept: `${landing}/accept`,
          decline: `${landing}/decline`,
          block: `${landing}/block`,
        },
      };
    }),
    reminders: `No reminders will follow for ${many ? 'these invitations' : 'this invitation'}; each answer concerns only its own invitation.`,
    stopping: `Never e-mail me again stops all mail from ${brand}, ${many ? 'these invitations' : 'this invitation'} included.`,
    footer: `${brand} sent this e-mail on behalf of the ${many ? 'members' : 'member'} named above.`,
  };
}
