import type { AddressSource, ContactOrigin } from '../../core/model.js';
import type { OutgoingMail } from '../../core/ports.js';
import { commonParts } from './common-headers.js';
import { assertAddress, assertToken, oneLine } from './header-safe.js';
import { invitationCopy, invitationLinks } from './invitation-copy.js';
import { renderInvitationHtml } from './invitation-html.js';
import { renderInvitationText } from './invitation-text.js';
import type { MailSettings } from './mail-settings.js';

export interface InvitationMailInput {
  /** Our outbox id, e.g. `msg_abc`; the Message-ID becomes `<msg_abc@bounceDomain>`. */
  messageId: string;
  kind: 'invitation' | 'reminder';
  /** For reminders: 1 or 2. */
  reminderNumber?: number;
  /** The recipient's address, already validated. */
  to: string;
  inviter: { name: string; email: string; allowReplyTo: boolean };
  /** Member-typed plain text (≤ 300 characters); never trusted as HTML. */
  note: string | null;
  source: AddressSource;
  /** For `contacts`: how the address reached the inviter's book, and when. */
  contactOrigin?: ContactOrigin | null;
  invitedAt: Date;
  expiresAt: Date;
  /** 0..2, chosen by the inviter and disclosed in the first mail. */
  remindersPlanned: number;
  /** When the planned reminders would go; may be empty. */
  reminderDates: Date[];
  /** Raw URL-safe tokens; only their hashes are stored. */
  tokens: { landing: string; stop: string; bounce: string };
  date: Date;
}

/**
 * An invitation or reminder, ready for any Mailer. Pure: the same input gives the same mail, so
 * the outbox can render again after a crash and send an identical message.
 */
export function composeInvitationMail(input: InvitationMailInput, settings: MailSettings): OutgoingMail {
  const to = assertAddress(input.to, 'recipient address');
  const inviterEmail = assertAddress(input.inviter.email, 'inviter address');
  const landing = assertToken(input.tokens.landing, 'landing token');
  const stop = assertToken(input.tokens.stop, 'stop token');
  const common = commonParts(input.kind, input.messageId, input.tokens.bounce, settings);

  const copy = invitationCopy(input, settings);
  const links = invitationLinks({ ...input.tokens, landing, stop }, settings);

  return {
    messageId: common.messageId,
    envelope: { from: common.envelopeFrom, to },
    // The service's address with the inviter's name: mail claiming to be from the member's own
    // domain would fail DMARC, and the name alone tells the recipient who is asking.
    from: { name: `${copy.inviterName} via ${oneLine(settings.brand)}`, address: settings.fromAddress },
    to,
    ...(input.inviter.allowReplyTo ? { replyTo: inviterEmail } : {}),
    subject: copy.subject,
    text: renderInvitationText(copy, links, settings),
    html: renderInvitationHtml(copy, links, settings),
    headers: {
      ...common.headers,
      'List-Unsubscribe': `<${links.stop}>, <mailto:unsubscribe+${stop}@${settings.bounceDomain}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    date: input.date,
  };
}
