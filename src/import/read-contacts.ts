/**
 * Address-book readers: an uploaded CSV or vCard file to a stream of contacts. What the file is comes
 * from its content, never from its name or media type (a vCard saved as `contacts.csv`, a CSV sent as
 * `text/plain`): the first 64 Ki characters are decoded and looked at, then the whole file streams
 * through the reader of its format in constant memory. Formats, layouts and how they are recognised:
 * `docs/contacts.md`.
 *
 * These readers only read. Addresses come out as written, to be validated, keyed and merged by the
 * caller; nothing is selected or sent from here.
 */
import { KindlyError } from '../core/errors.js';
import { csvContacts, planCsv } from './csv-contacts.js';
import { decodeText } from './text-decoding.js';
import { vcardContacts } from './vcard-contacts.js';

export type ContactFileFormat = 'csv' | 'vcard';

export interface ImportedContact {
  /** 1-based: the CSV line on which the record starts, or the vCard's card number in the file. */
  line: number;
  /** Display name as the file gives it (trimmed), or null. Never validated here. */
  name: string | null;
  /** Addresses as written in the file (trimmed, de-duplicated within the contact), possibly invalid: the caller validates. */
  emails: string[];
}

export interface ContactFile {
  format: ContactFileFormat;
  /**
   * The layout recognised: for CSV `google`, `google-legacy`, `outlook-en`, `outlook-de`, `outlook-fr`,
   * `linkedin`, `thunderbird` or `plain`; for vCard `vcard-2.1`, `vcard-3.0`, `vcard-4.0` (the first
   * card's VERSION) or `vcard` without one.
   */
  layout: string;
  /**
   * Every record, in file order, including those without any address (emails: []), so the caller can
   * count skipped ones. Streams: never holds the whole file. Iterate it once; finishing or leaving the
   * loop releases the input. Throws `unsupported_contacts_file` (naming the line or card) if the file
   * stops being readable after its start, and passes on errors of the input itself.
   */
  contacts: AsyncIterable<ImportedContact>;
}

/** How much of the file is decoded before deciding what it is. */
const sampleChars = 64 * 1024;

/**
 * Reads the first bytes to detect encoding and format from the CONTENT (not the file name or media
 * type), then streams.
 *
 * Encodings: UTF-8 with or without a byte-order mark, UTF-16LE/BE (by mark), Windows-1252. Formats:
 * vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350); CSV (RFC 4180) with comma, semicolon or tab, from
 * Google Contacts, Outlook (English, German, French), LinkedIn, Thunderbird, or any file with a
 * column of addresses, with or without a header.
 *
 * @param input the file's bytes: a Node stream or any async iterable of chunks
 * @throws KindlyError `unsupported_contacts_file` (422) with a detail saying what was found when the
 *   file is empty, binary (an image, an archive), or neither CSV with a recognisable address column
 *   nor vCard
 */
export async function readContacts(
  input: AsyncIterable<Buffer | Uint8Array> | NodeJS.ReadableStream,
): Promise<ContactFile> {
  const text = decodeText(input as AsyncIterable<Buffer | Uint8Array | string>);
  const head: string[] = [];
  let headChars = 0;
  let complete = false;
  while (headChars < sampleChars) {
    const next = await text.next();
    if (next.done) {
      complete = true;
      break;
    }
    head.push(next.value);
    headChars += next.value.length;
  }
  const sample = head.join('');
  const whole = replay(head, text);
  try {
    if (sample.trim() === '') throw unsupported('The file is empty.');
    if (looksBinary(sample))
      throw unsupported('The file is not text: it looks like an image or other binary file.');
    if (/^BEGIN:VCARD$/i.test(sample.trimStart().split('\n', 1)[0]?.trim() ?? '')) {
      const version = /^VERSION:[ \t]*([0-9.]+)/im.exec(sample)?.[1];
      return {
        format: 'vcard',
        layout: version ? `vcard-${version}` : 'vcard',
        contacts: vcardContacts(whole),
      };
    }
    const plan = await planCsv(sample, complete);
    return { format: 'csv', layout: plan.layout, contacts: csvContacts(whole, plan) };
  } catch (error) {
    // `whole` has not started, so closing it would not reach the input: close the decoder itself.
    await text.return(undefined);
    throw error;
  }
}

function unsupported(detail: string): KindlyError {
  return new KindlyError('unsupported_contacts_file', detail);
}

/** The pieces already read, then the rest; leaving early releases the input. */
async function* replay(head: string[], rest: AsyncGenerator<string>): AsyncGenerator<string> {
  try {
    yield* head.splice(0);
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/**
 * Text has no NUL and next to no other control characters; an image or archive decoded as
 * Windows-1252 has plenty of both. U+FFFD stands for bytes that were not text in their encoding.
 */
function looksBinary(sample: string): boolean {
  let controls = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    // Tab, LF, VT, FF and CR are text.
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f || code === 0xfffd) controls += 1;
  }
  return controls > Math.max(2, sample.length / 100);
}
