import { type ParsedMail, simpleParser } from 'mailparser';
import type { OutgoingMail } from '../../core/ports.js';
import { rawMessage } from '../transports/raw-message.js';

/** The RFC 5322 message nodemailer would put on the wire for this mail. */
export async function renderRaw(mail: OutgoingMail): Promise<string> {
  return (await rawMessage(mail)).toString('utf8');
}

/** The header block of a raw message, one entry per physical line. */
export function headerLines(raw: string): string[] {
  const end = raw.indexOf('\r\n\r\n');
  return raw.slice(0, end < 0 ? raw.length : end).split('\r\n');
}

export async function renderAndParse(mail: OutgoingMail): Promise<{ raw: string; parsed: ParsedMail }> {
  const raw = await renderRaw(mail);
  return { raw, parsed: await simpleParser(raw) };
}

/**
 * A header's value as it was written, unfolded. mailparser turns some headers into structures
 * (List-* become `list`), and the tests want to see exactly what went over the wire.
 */
export function rawHeader(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name.toLowerCase());
  return line?.line
    .slice(line.line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
