import { BIDI_CONTROL, codePoint } from './code-points.js';
import { KindlyError } from './errors.js';

/** Control characters a note may not hold: C0 but tab and LF, DEL, C1 (NEL U+0085…), U+2028/2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const noteControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A personal note: plain text, line breaks allowed (CRLF normalised to LF) since people write
 * paragraphs. It never reaches a header, but it is quoted in mail and on pages beside the service's
 * own words, so nothing in it may reorder or hide text.
 * @returns the note, or `null` when it is absent or blank
 * @throws KindlyError `note_control_characters` (a lone CR, C0 other than tab and LF, DEL, C1 such as
 *   NEL, U+2028/2029), `note_bidi_control` (text-direction controls), `invalid_note` (over `maxLength`
 *   code points)
 */
export function parseNote(input: string | null | undefined, maxLength: number): string | null {
  if (input === undefined || input === null) return null;
  const note = input.replace(/\r\n/g, '\n').trim();
  const control = noteControl.exec(note)?.[0];
  if (control !== undefined) {
    throw new KindlyError(
      'note_control_characters',
      `A note must be plain text without control characters; remove ${codePoint(control)}.`,
    );
  }
  const bidi = BIDI_CONTROL.exec(note)?.[0];
  if (bidi !== undefined) {
    throw new KindlyError(
      'note_bidi_control',
      `A note must not contain the text-direction control ${codePoint(bidi)}; remove it.`,
    );
  }
  if ([...note].length > maxLength) {
    throw new KindlyError('invalid_note', `A note must be at most ${maxLength} characters.`);
  }
  return note.length === 0 ? null : note;
}
