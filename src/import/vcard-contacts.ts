/**
 * vCard address books (2.1, RFC 2426's 3.0, RFC 6350's 4.0), one contact per card, streamed card by
 * card. ical.js reads each property we keep (FN, N, EMAIL): parameters, quoting, the escapes of 3.0
 * and 4.0, structured names. It reads neither vCard 2.1's quoted-printable values, whose soft line
 * breaks start the next line without the space folding needs, nor 2.1's bare parameters
 * (`EMAIL;PREF;INTERNET:`), so this file does only what it lacks:
 *
 * - joining physical lines into properties: RFC 6350 §3.2 folding (a line break followed by one space
 *   or tab), and for quoted-printable values a line ending in `=` continues on the next line whatever
 *   it holds (RFC 2045 §6.7 soft line breaks);
 * - decoding quoted-printable values (libqp) in their CHARSET (iconv-lite; without one UTF-8 when the
 *   bytes are valid UTF-8, else Windows-1252) and handing ical.js the property without its 2.1
 *   parameters, which nothing here needs;
 * - skipping everything else (photos, keys, notes) as it streams, without holding it.
 */
import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import { decode as decodeQuotedPrintable } from 'libqp';
import { KindlyError } from '../core/errors.js';
import { displayName, distinctAddresses } from './contact-values.js';
import type { ImportedContact } from './read-contacts.js';

/** A physical line longer than this (a photo not folded at all) is refused rather than held. */
export const maxVCardLineChars = 20 * 1024 * 1024;
/** A name or address property longer than this, folded or not, is not one. */
const maxPropertyChars = 64 * 1024;

/** The properties a card is read for; BEGIN, END and VERSION frame it. */
const keptProperties = new Set(['BEGIN', 'END', 'VERSION', 'FN', 'N', 'EMAIL']);

/** `[group.]NAME` followed by `;` or `:` (RFC 6350 §3.3). */
const propertyStart = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]/;

/**
 * The contacts of a vCard file, one per card in file order, `line` being the card's 1-based number.
 * Cards nested in a card (a 2.1 AGENT) are part of it and not contacts of their own; a last card
 * without END is read as if it had one.
 *
 * @throws KindlyError `unsupported_contacts_file` while iterating, naming the card, when a line is
 *   over 20 MiB or a name or address cannot be read
 */
export async function* vcardContacts(text: AsyncIterable<string>): AsyncGenerator<ImportedContact> {
  let card: CardProperties | null = null;
  let cards = 0;
  let nested = 0;
  const cardNumber = () => Math.max(cards, 1);
  for await (const { name, line } of keptContentLines(physicalLines(text, cardNumber), cardNumber)) {
    const value = line.slice(line.indexOf(':') + 1).trim();
    if (name === 'BEGIN' && /^vcard$/i.test(value)) {
      if (card) {
        nested += 1;
      } else {
        cards += 1;
        card = new CardProperties(cards);
      }
    } else if (name === 'END' && /^vcard$/i.test(value)) {
      if (nested > 0) {
        nested -= 1;
      } else if (card) {
        yield card.contact();
        card = null;
      }
    } else if (card && nested === 0) {
      card.add(name, line);
    }
  }
  if (card) yield card.contact();
}

/** The lines of `text` (LF line breaks), refusing to hold one longer than `maxVCardLineChars`. */
async function* physicalLines(text: AsyncIterable<string>, card: () => number): AsyncGenerator<string> {
  let pieces: string[] = [];
  let pending = 0;
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pieces.push(chunk.slice(start, end));
      yield pieces.join('');
      pieces = [];
      pending = 0;
      start = end + 1;
    }
    if (start < chunk.length) {
      pieces.push(chunk.slice(start));
      pending += chunk.length - start;
      if (pending > maxVCardLineChars) {
        throw new KindlyError(
          'unsupported_contacts_file',
          `vCard ${card()} has a line longer than ${maxVCardLineChars / 1024 / 1024} MiB.`,
        );
      }
    }
  }
  if (pieces.length > 0) yield pieces.join('');
}

/** Properties (unfolded, soft line breaks kept as `=\n` for libqp) whose name we keep; the rest are passed over. */
async function* keptContentLines(
  lines: AsyncIterable<string>,
  card: () => number,
): AsyncGenerator<{ name: string; line: string }> {
  let current: { name: string; line: string } | null = null;
  let softBreak = false;
  for await (const line of lines) {
    // A value broken with a last `=` that nothing follows must not swallow the card's end.
    if (softBreak && /^(?:BEGIN|END):VCARD\s*$/i.test(line)) softBreak = false;
    if (softBreak) {
      softBreak = line.endsWith('=');
      if (current) current.line += `\n${line}`;
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.line += line.slice(1);
    } else if (line.trim() === '') {
      // Blank lines end a 2.1 base64 value and mean nothing else.
      continue;
    } else {
      if (current) yield current;
      const name = propertyStart.exec(line)?.[1]?.toUpperCase();
      // A line that starts no property (base64 some writers do not fold) is passed over.
      const quotedPrintable = name !== undefined && isQuotedPrintable(line);
      softBreak = quotedPrintable && line.endsWith('=');
      current = name && keptProperties.has(name) ? { name, line } : null;
    }
    if (current && current.line.length > maxPropertyChars) {
      throw new KindlyError(
        'unsupported_contacts_file',
        `vCard ${card()}: its ${current.name} is longer than 64 KiB.`,
      );
    }
  }
  if (current) yield current;
}

/** `;ENCODING=QUOTED-PRINTABLE` or 2.1's bare `;QUOTED-PRINTABLE` among the parameters. */
function isQuotedPrintable(line: string): boolean {
  const head = line.slice(0, line.indexOf(':'));
  return /;(?:encoding=)?quoted-printable(?:;|$)/i.test(head);
}

/** One card's VERSION, FN, N and EMAIL lines, read into a contact at its END. */
class CardProperties {
  private version = '';
  private readonly lines: { name: string; line: string }[] = [];

  constructor(private readonly number: number) {}

  add(name: string, line: string): void {
    if (name === 'VERSION') this.version = line.slice(line.indexOf(':') + 1).trim();
    else this.lines.push({ name, line });
  }

  contact(): ImportedContact {
    const design = this.version.startsWith('4') ? ICAL.design.vcard : ICAL.design.vcard3;
    const names: string[] = [];
    const structured: unknown[] = [];
    const emails: string[] = [];
    for (const { name, line } of this.lines) {
      const value = this.parse(name, line, design);
      if (name === 'FN' && typeof value === 'string') names.push(value);
      else if (name === 'N') structured.push(value);
      else if (name === 'EMAIL' && typeof value === 'string') emails.push(value);
    }
    return { line: this.number, name: nameOf(names, structured), emails: distinctAddresses(emails) };
  }

  /** The value ical.js reads from the property, after the 2.1 decoding it does not do. */
  private parse(name: string, line: string, design: typeof ICAL.design.vcard): unknown {
    try {
      const jcard = ICAL.parse.property(forIcal(name, line, this.version), design) as unknown[];
      return jcard[3];
    } catch (error) {
      // ical.js quotes the line; the detail names the card and the property, never the person.
      throw new KindlyError(
        'unsupported_contacts_file',
        `vCard ${this.number}: its ${name} cannot be read.`,
        {
          cause: error,
        },
      );
    }
  }
}

/**
 * The property as ical.js reads it. Parameters in double quotes (3.0 and 4.0 only) are left to it;
 * otherwise the parameters are dropped (2.1 ones are not valid to it, and only the value is used)
 * after reading ENCODING and CHARSET, and a quoted-printable value is decoded and escaped as 3.0 text.
 */
function forIcal(name: string, line: string, version: string): string {
  const colon = line.indexOf(':');
  const head = line.slice(0, colon);
  if (head.includes('"')) return line;
  const value = line.slice(colon + 1);
  if (isQuotedPrintable(line)) {
    const charset = /;charset=([^;]+)/i.exec(head)?.[1];
    return `${name}:${escapeText(decodeBytes(decodeQuotedPrintable(value), charset), name === 'N')}`;
  }
  // 2.1 has no escape for a comma, which 3.0 reads as a list separator.
  return `${name}:${version === '2.1' ? value.replace(/,/g, '\\,') : value}`;
}

function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  if (charset && iconv.encodingExists(charset)) return iconv.decode(bytes, charset);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'windows-1252');
  }
}

/** RFC 2426 §5 text escaping; in N the semicolons separate its parts and stay. */
function escapeText(text: string, structured: boolean): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  return structured ? escaped : escaped.replace(/;/g, '\\;');
}

/** FN as written, or else given, additional and family name from N (RFC 6350 §6.2.2). */
function nameOf(formatted: string[], structured: unknown[]): string | null {
  for (const value of formatted) {
    const name = displayName([value]);
    if (name) return name;
  }
  for (const value of structured) {
    const parts = (Array.isArray(value) ? value : [value]).map((part) =>
      Array.isArray(part) ? part.join(' ') : typeof part === 'string' ? part : '',
    );
    const name = displayName([parts[1], parts[2], parts[0]]);
    if (name) return name;
  }
  return null;
}
