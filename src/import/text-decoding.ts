/**
 * Bytes of an uploaded address book to text, as it streams. Address books come out of spreadsheets
 * and mail programs in whatever their machine used, and say nothing about it, so the encoding is
 * read from the bytes:
 *
 * - a byte-order mark names UTF-8, UTF-16LE or UTF-16BE (Excel's "Unicode text", Outlook);
 * - without one, text whose every other byte is NUL is UTF-16 (LE or BE by which byte is NUL);
 * - otherwise the file is UTF-8 as long as it is valid UTF-8, and Windows-1252 (the ANSI code page
 *   of Western Windows, a superset of ISO-8859-1) from the first byte sequence that is not. While
 *   only ASCII has been seen nothing was decoded differently, so the decision can wait for the first
 *   byte over 0x7F however late it comes, without holding the file.
 *
 * Line breaks come out as LF whatever the file used (CRLF, CR, or CR CR LF as some phones write):
 * the readers count lines, and the CSV parser counts a CRLF inside a quoted field twice.
 */
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

type Chunk = Buffer | Uint8Array | string;

/** Bytes looked at before deciding the encoding (fewer if the file is shorter). */
const sniffBytes = 128;

/**
 * The text of `chunks`, in pieces of whatever size they come. Decoding never fails: bytes that are
 * not valid in the encoding chosen (a UTF-8 file broken after its first non-ASCII character) become
 * U+FFFD. A `string` chunk (a stream with an encoding set) is taken as UTF-8.
 */
export async function* decodeText(chunks: AsyncIterable<Chunk>): AsyncGenerator<string> {
  const decoder = new SniffingDecoder();
  const lines = new LineBreaks();
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : toBuffer(chunk);
    const text = lines.normalize(decoder.write(bytes));
    if (text) yield text;
  }
  const last = lines.normalize(decoder.end()) + lines.end();
  if (last) yield last;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The encoding named by a byte-order mark at the start of `head`, with the mark's length. */
export function byteOrderMark(head: Buffer): { encoding: TextEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a mark: Latin text in it has a NUL in most odd (LE) or even (BE) bytes and none in
 * the others, which no 8-bit text has.
 */
function unmarkedUtf16(head: Buffer): TextEncoding | null {
  const pairs = Math.min(sniffBytes / 2, Math.floor(head.length / 2));
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (head[2 * i] === 0) evenNul += 1;
    if (head[2 * i + 1] === 0) oddNul += 1;
  }
  if (evenNul === 0 && oddNul >= pairs * 0.75) return 'utf-16le';
  if (oddNul === 0 && evenNul >= pairs * 0.75) return 'utf-16be';
  return null;
}

/** Waits for enough bytes to see a byte-order mark, then decodes in the encoding they show. */
class SniffingDecoder {
  private head: Buffer | null = Buffer.alloc(0);
  private decoder: Utf8OrWindows1252 | iconv.DecoderStream | null = null;

  write(bytes: Buffer): string {
    if (this.head === null) return this.decoder?.write(bytes) ?? '';
    this.head = Buffer.concat([this.head, bytes]);
    if (this.head.length < sniffBytes) return '';
    return this.start();
  }

  end(): string {
    const started = this.head !== null ? this.start() : '';
    return started + ((this.decoder?.end() as string | undefined) ?? '');
  }

  private start(): string {
    const head = this.head ?? Buffer.alloc(0);
    this.head = null;
    const mark = byteOrderMark(head);
    const encoding = mark?.encoding ?? unmarkedUtf16(head);
    // iconv-lite removes a UTF-16 mark itself; a UTF-8 one is cut here.
    const body = mark?.encoding === 'utf-8' ? head.subarray(mark.length) : head;
    this.decoder = encoding && encoding !== 'utf-8' ? iconv.getDecoder(encoding) : new Utf8OrWindows1252();
    return this.decoder.write(body);
  }
}

/** UTF-8 while the bytes are valid UTF-8; Windows-1252 from the first non-ASCII byte on if they are not. */
class Utf8OrWindows1252 {
  private mode: 'ascii' | 'utf-8' | 'windows-1252' = 'ascii';
  private readonly utf8 = iconv.getDecoder('utf-8');
  /** Bytes from the first non-ASCII one on, while they might still be a UTF-8 sequence cut by the chunk. */
  private undecided = Buffer.alloc(0);

  write(bytes: Buffer): string {
    if (this.mode === 'utf-8') return this.utf8.write(bytes);
    if (this.mode === 'windows-1252') return iconv.decode(bytes, 'windows-1252');
    const pending = this.undecided.length > 0 ? Buffer.concat([this.undecided, bytes]) : bytes;
    if (isAscii(pending)) return pending.toString('latin1');
    const first = firstNonAscii(pending);
    const ascii = pending.subarray(0, first).toString('latin1');
    const rest = pending.subarray(first);
    const verdict = utf8Verdict(rest);
    if (verdict === 'unsure') {
      this.undecided = Buffer.from(rest);
      return ascii;
    }
    this.undecided = Buffer.alloc(0);
    this.mode = verdict;
    return ascii + this.write(rest);
  }

  end(): string {
    if (this.mode === 'utf-8') return this.utf8.end() ?? '';
    // A file that ends inside what would have been a UTF-8 sequence was not UTF-8.
    if (this.mode === 'ascii' && this.undecided.length > 0) this.mode = 'windows-1252';
    if (this.mode === 'windows-1252') return iconv.decode(this.undecided, 'windows-1252');
    return '';
  }
}

function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i += 1) if ((bytes[i] as number) > 0x7f) return i;
  return -1;
}

/**
 * Whether `bytes`, which start with a byte over 0x7F, are UTF-8: valid as far as they go and with at
 * least one whole sequence, or not valid, or too short to tell (a sequence cut at the chunk's end).
 */
function utf8Verdict(bytes: Buffer): 'utf-8' | 'windows-1252' | 'unsure' {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    const text = decoder.decode(bytes, { stream: true });
    return text.length > 0 ? 'utf-8' : 'unsure';
  } catch {
    return 'windows-1252';
  }
}

/** CRLF, CR and CR CR LF to LF, across chunk boundaries (a CR at a chunk's end waits for the next). */
class LineBreaks {
  private trailingCrs = '';

  normalize(text: string): string {
    if (!text) return '';
    const input = this.trailingCrs + text;
    let end = input.length;
    while (end > 0 && input.charCodeAt(end - 1) === 13) end -= 1;
    const kept = input.slice(0, end);
    this.trailingCrs = input.slice(end);
    return kept.includes('\r') ? kept.replace(lineBreak, '\n') : kept;
  }

  end(): string {
    const rest = this.trailingCrs.replace(lineBreak, '\n');
    this.trailingCrs = '';
    return rest;
  }
}

/** One line break: LF after any number of CRs (CRLF, and CR CR LF as one), or a lone CR. */
const lineBreak = /\r*\n|\r/g;
