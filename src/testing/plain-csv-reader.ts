/**
 * A stand-in address-book reader for plain `email` or `name,email` CSV, with the reader's interface.
 * (Test-only.)
 */
import type { ContactFile, ImportedContact } from '../core/contact-import.js';

export async function plainCsv(
  input: AsyncIterable<Buffer | Uint8Array> | NodeJS.ReadableStream,
): Promise<ContactFile> {
  let text = '';
  for await (const chunk of input as AsyncIterable<Buffer>) text += Buffer.from(chunk).toString('utf8');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').toLowerCase().split(',');
  const emailAt = header.indexOf('email');
  const nameAt = header.indexOf('name');
  async function* records(): AsyncGenerator<ImportedContact> {
    for (const [i, line] of lines.entries()) {
      if (i === 0 || line === '') continue;
      const fields = line.split(',');
      yield {
        line: i + 1,
        name: nameAt >= 0 ? (fields[nameAt] ?? null) : null,
        emails: fields[emailAt] ? [fields[emailAt]] : [],
      };
    }
  }
  return { format: 'csv', layout: 'plain', contacts: records() };
}
