/**
 * A received message read once into the facts `kindly inspect` reasons about: the raw header
 * fields (unfolded, as sent, because DKIM and List-Unsubscribe must be read exactly), the decoded
 * addresses and subject (mailparser), and the body as text (the text part, or the HTML part
 * turned into text by mailparser when there is no text part).
 */
import { type AddressObject, type EmailAddress, simpleParser } from 'mailparser';
import { type DkimSignature, parseDkimSignature } from './dkim-signature.js';

/** One mailbox: the display name (decoded, may be empty) and the address (lower-case domain). */
export interface Mailbox {
  name: string;
  address: string;
}

export interface MessageFacts {
  /** Every header field's values by lower-case name, unfolded, in message order. */
  headers: ReadonlyMap<string, readonly string[]>;
  from: Mailbox | null;
  sender: Mailbox | null;
  replyTo: Mailbox | null;
  to: Mailbox[];
  /** The `Return-Path` the delivering server recorded (RFC 5321 §4.4): the envelope sender. */
  returnPath: string | null;
  subject: string;
  messageId: string | null;
  /** The body as plain text; empty when the message has none. */
  text: string;
  /** The HTML body, or empty. */
  html: string;
  dkim: DkimSignature[];
  /** `type/subtype` of the top-level part, lower-cased. */
  contentType: string;
}

/** The first value of a header field, or null. */
export function headerValue(facts: MessageFacts, name: string): string | null {
  return facts.headers.get(name.toLowerCase())?.[0] ?? null;
}

/** The domain of an address, lower-cased; '' for none. */
export function domainOf(address: string | null | undefined): string {
  if (!address) return '';
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const flat = (list: EmailAddress[]): EmailAddress[] =>
    list.flatMap((entry) => (entry.group ? flat(entry.group) : [entry]));
  return objects
    .flatMap((object) => flat(object.value))
    .filter((entry) => entry.address)
    .map((entry) => {
      const address = entry.address ?? '';
      const at = address.lastIndexOf('@');
      return {
        name: (entry.name ?? '').replace(/\s+/g, ' ').trim(),
        address: at < 0 ? address : `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`,
      };
    });
}

function rawHeaders(lines: readonly { key: string; line: string }[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .trim();
    const name = key.toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** Saved mailboxes often begin with the mbox `From ` separator line, which is not a header. */
function withoutMboxLine(raw: Buffer): Buffer {
  if (raw.subarray(0, 5).toString('latin1') !== 'From ') return raw;
  const end = raw.indexOf(0x0a);
  return end < 0 ? raw : raw.subarray(end + 1);
}

/**
 * Reads a raw RFC 5322 message. Never throws for a malformed message (mailparser reads what it
 * can); an empty input gives facts with no headers.
 */
export async function readMessageFacts(raw: Buffer): Promise<MessageFacts> {
  const parsed = await simpleParser(withoutMboxLine(raw), { skipImageLinks: true, skipTextToHtml: true });
  const headers = rawHeaders(parsed.headerLines);
  const get = (name: string) => parsed.headers.get(name) as AddressObject | AddressObject[] | undefined;
  const returnPath = /<([^>]*)>/.exec(headers.get('return-path')?.[0] ?? '')?.[1] ?? null;
  const contentType = headers.get('content-type')?.[0]?.split(';')[0]?.trim().toLowerCase() || 'text/plain';
  return {
    headers,
    from: mailboxes(parsed.from)[0] ?? null,
    sender: mailboxes(get('sender'))[0] ?? null,
    replyTo: mailboxes(parsed.replyTo)[0] ?? null,
    to: mailboxes(parsed.to),
    returnPath: returnPath === null ? null : returnPath.trim(),
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    messageId: parsed.messageId ?? null,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    dkim: (headers.get('dkim-signature') ?? [])
      .map(parseDkimSignature)
      .filter((s): s is DkimSignature => s !== null),
    contentType,
  };
}
