/**
 * Phrase matching without regular expressions, so that no MTA's prose can make a match slow.
 *
 * A phrase list is written one phrase a line. `*` inside a phrase means "then, later on": the
 * pieces must appear in this order (`mailbox *full` matches "mailbox of kijitora is full"). A `_`
 * at the very start or end of a line stands for a space that matters (`_is currently suspended`).
 */

export type Phrase = readonly string[];

/** Parses a phrase list written one phrase a line (see the module comment). */
export function phrases(text: string): readonly Phrase[] {
  const out: Phrase[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('_')) line = ` ${line.slice(1)}`;
    if (line.endsWith('_')) line = `${line.slice(0, -1)} `;
    out.push(line.split('*'));
  }
  return out;
}

/** Whether the pieces appear in `text` in this order, without overlapping. */
export function aligned(text: string, pieces: Phrase): boolean {
  let from = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** Whether any phrase of the list matches `text` (which the caller lower-cases as needed). */
export function matchesAny(text: string, list: readonly Phrase[]): boolean {
  if (text === '') return false;
  for (const pieces of list) if (aligned(text, pieces)) return true;
  return false;
}

/** Collapses every run of white space to one space and trims. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** No diagnosis is read past this many characters: what matters comes first, and matching stays fast. */
export const maxDiagnosis = 4000;

export function clip(text: string): string {
  return text.length > maxDiagnosis ? text.slice(0, maxDiagnosis) : text;
}
