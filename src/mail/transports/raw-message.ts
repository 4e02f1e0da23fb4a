import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../core/ports.js';
import { toNodemailer } from './to-nodemailer.js';

/**
 * The RFC 5322 message the SMTP path would transmit, built by nodemailer's own composer.
 * `newline: 'windows'` because SMTP's data stream turns the bodies' bare LFs into CRLF on the
 * way out; without it a stored copy would differ from the wire and break RFC 5322.
 */
export async function rawMessage(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer({ ...toNodemailer(mail), newline: 'windows' }).compile().build();
}
