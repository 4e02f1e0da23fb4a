import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../core/ports.js';

/**
 * Headers a machine reads as written: SendGrid parses `X-SMTPAPI` as JSON and would not decode the
 * RFC 2047 encoded word nodemailer makes of its quotes. Their values are short printable ASCII
 * (`compose/common-headers.ts`), so they need neither encoding nor folding.
 */
const verbatimHeaders = new Set(['x-smtpapi']);

/**
 * The one translation from our message to nodemailer's, shared by SMTP and the dev mailbox so
 * that what a developer reads is what a recipient would get.
 */
export function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    messageId: `<${mail.messageId}>`,
    date: mail.date,
    // An address object, never a formatted string: nodemailer then quotes or MIME-encodes the
    // member-chosen name itself instead of parsing whatever it contains as addresses.
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: Object.fromEntries(
      Object.entries(mail.headers).map(([name, value]) => [
        name,
        verbatimHeaders.has(name.toLowerCase()) ? { prepared: true, value } : value,
      ]),
    ),
    envelope: { from: mail.envelope.from, to: [mail.envelope.to] },
    // Our content is strings only; refuse anything that would make nodemailer read a file or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
