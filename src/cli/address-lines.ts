/**
 * The addresses of a file an operator imports: one a line, or CSV (another provider's export) with the
 * address in the first column. Blank lines and `#` comments are skipped, and so is a first line
 * without an '@', taken for a header; readline has already dealt with CRLF.
 */
import { checkAddress } from '../core/address.js';
import type { ImportEntry } from '../core/suppression-import.js';

/** The entries of `lines`, each with its 1-based line number in the file, for reporting what was refused. */
export async function* addressEntries(lines: AsyncIterable<string>): AsyncGenerator<ImportEntry> {
  let lineNumber = 0;
  let seenContent = false;
  for await (const raw of lines) {
    lineNumber += 1;
    // Spreadsheets save UTF-8 with a byte-order mark, which would otherwise stick to the first address.
    const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (line === '' || line.startsWith('#')) continue;
    const first = !seenContent;
    seenContent = true;
    if (first && !line.includes('@')) continue;
    yield { address: firstColumn(line), index: lineNumber };
  }
}

/**
 * The first field of a CSV line (comma, semicolon or tab separated, RFC 4180 quotes), trimmed. A
 * line that is one valid address as a whole is kept whole: a quoted local part may hold a comma.
 */
export function firstColumn(line: string): string {
  if (checkAddress(line).ok) return line;
  if (line.startsWith('"')) return quotedField(line);
  const end = line.search(/[,;\t]/);
  return (end < 0 ? line : line.slice(0, end)).trim();
}

/** `"…"` with `""` for a quote inside; an unclosed quote takes the rest of the line. */
function quotedField(line: string): string {
  let value = '';
  for (let i = 1; i < line.length; i += 1) {
    const char = line[i];
    if (char !== '"') {
      value += char;
    } else if (line[i + 1] === '"') {
      value += '"';
      i += 1;
    } else {
      return value.trim();
    }
  }
  return value.trim();
}
