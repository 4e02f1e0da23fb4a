import { KindlyError } from './errors.js';

// Control characters other than tab and line feed; CR is handled on its own below.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const controlExceptTabAndLf = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const anyControl = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** A person's name: one line, because it lands in a From header (encoded) and in page titles. */
export function parseName(input: string, maxLength: number): string {
  if (anyControl.test(input)) {
    throw new KindlyError('invalid_name', 'A name must be one line without control characters.');
  }
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new KindlyError('invalid_name', 'A name must not be empty.');
  if (name.length > maxLength) {
    throw new KindlyError('invalid_name', `A name must be at most ${maxLength} characters.`);
  }
  return name;
}

/**
 * A personal note: plain text, line breaks allowed (normalised to LF) since people write paragraphs;
 * a lone CR or any other control character is refused. It never reaches a header.
 */
export function parseNote(input: string | null | undefined, maxLength: number): string | null {
  if (input === undefined || input === null) return null;
  const note = input.replace(/\r\n/g, '\n').trim();
  if (note.includes('\r') || controlExceptTabAndLf.test(note)) {
    throw new KindlyError('invalid_note', 'A note must be plain text without control characters.');
  }
  if ([...note].length > maxLength) {
    throw new KindlyError('invalid_note', `A note must be at most ${maxLength} characters.`);
  }
  return note.length === 0 ? null : note;
}
