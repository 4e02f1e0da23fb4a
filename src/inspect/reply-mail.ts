/**
 * `kindly inspect --reply`: a polite "no thanks" to the inviter, as an RFC 5322 message the
 * recipient sends from their own mail program. Built by nodemailer's MailComposer, which encodes
 * names and subjects (RFC 2047) and folds lines, so nothing from the received mail can break a
 * header. Written in German when the invitation was, in English otherwise.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Inspection } from './inspect-message.js';
import type { MessageFacts } from './message-facts.js';

/** The message offers no address of the inviter's own (no usable Reply-To). */
export class NoInviterAddressError extends Error {}

function firstName(name: string | null): string | null {
  return name?.split(/[\s,]+/)[0] || null;
}

function isGerman(facts: MessageFacts): boolean {
  return /\b(?:möchte|Kontaktanfrage|Einladung|Sie|Ihnen|Hallo)\b/.test(
    `${facts.subject}\n${facts.text.slice(0, 600)}`,
  );
}

function bodyText(inspection: Inspection, facts: MessageFacts): string {
  const network =
    inspection.network?.id === 'generic' ? inspection.network.name : (inspection.network?.name ?? '');
  const sender = facts.to[0]?.name || '';
  if (isGerman(facts)) {
    const greeting = inspection.inviter.name ? `Hallo ${inspection.inviter.name},` : 'Hallo,';
    return [
      greeting,
      `vielen Dank, dass Sie an mich gedacht haben. Ich möchte mich${network ? ` auf ${network}` : ''} lieber nicht vernetzen und würde mich freuen, dazu keine weiteren Einladungen oder Erinnerungen zu bekommen.`,
      `Viele Grüße${sender ? `\n${sender}` : ''}`,
    ].join('\n\n');
  }
  const first = firstName(inspection.inviter.name);
  return [
    first ? `Hello ${first},` : 'Hello,',
    `thank you for thinking of me. I would rather not connect${network ? ` on ${network}` : ''}, and I would be glad not to get further invitations or reminders about it.`,
    `All the best${sender ? `,\n${firstName(sender)}` : ''}`,
  ].join('\n\n');
}

/**
 * The reply as bytes (CRLF line ends). From is the original recipient (or `options.from`), To the
 * inviter's own address; it threads under the invitation by In-Reply-To and References.
 * @throws NoInviterAddressError when the message does not give the inviter's address.
 */
export async function composeNoThanks(
  inspection: Inspection,
  facts: MessageFacts,
  options: { from?: string; date?: Date } = {},
): Promise<Buffer> {
  const address = inspection.inviter.address;
  if (!address) {
    throw new NoInviterAddressError(
      'the message does not give the inviter’s own address (no usable Reply-To), so a reply would reach only the network',
    );
  }
  const recipient = facts.to[0];
  const subject = /^re:/i.test(facts.subject) ? facts.subject : `Re: ${facts.subject}`;
  return new MailComposer({
    from: options.from ?? (recipient ? { name: recipient.name, address: recipient.address } : undefined),
    to: { name: inspection.inviter.name ?? '', address },
    subject,
    text: `${bodyText(inspection, facts)}\n`,
    ...(facts.messageId ? { inReplyTo: facts.messageId, references: [facts.messageId] } : {}),
    date: options.date ?? new Date(),
    newline: 'windows',
  })
    .compile()
    .build();
}
