/**
 * Names people give themselves (members, and whoever imports contacts later). A name is shown in mail
 * as `"<name> via <brand>"` in From, in the Subject and in pages, so it must read as a name: no control,
 * direction or invisible characters, no MIME encoded words that mail clients would decode into other
 * text, no links, at least one letter or digit, and nothing that reads as the service itself.
 */
import { showsBrand } from './brand-lookalike.js';
import { BIDI_CONTROL, codePoint } from './code-points.js';
import { type ErrorCode, KindlyError } from './errors.js';
import { findLinkText } from './link-text.js';

/** Every code a name is refused with; each has its own problem page and README row. */
export const nameErrorCodes = [
  'invalid_name',
  'name_control_characters',
  'name_bidi_control',
  'name_invisible_characters',
  'name_encoded_word',
  'name_url',
  'name_no_letters',
  'name_brand',
] as const satisfies readonly ErrorCode[];

export type NameErrorCode = (typeof nameErrorCodes)[number];

export interface NameProblem {
  code: NameErrorCode;
  /** What to change, in words; names invisible characters by code point and never echoes them. */
  detail: string;
}

export interface DisplayNameRules {
  /** The service's name as mail shows it (`KINDLY_BRAND`); a name must not show it or a look-alike. */
  brand: string;
  /** Most characters (code points) after normalisation; unset: no limit. */
  maxLength?: number;
}

/** C0, DEL and C1 controls (NEL U+0085 among them), and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/**
 * Format characters (zero-width space, soft hyphen, tags…), Default_Ignorable_Code_Point (Hangul
 * fillers such as U+3164, which are letters that show nothing) and the blank Braille pattern.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;
/** Joiners and variation selectors are part of some scripts and emoji when they sit between visible characters. */
const JOINER = /^[\u200c\u200d]$/u;
const VARIATION_SELECTOR = /^[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]$/u;
const VISIBLE = /^[\p{L}\p{M}\p{N}\p{S}]$/u;
/** Unassigned, private-use and lone surrogate code points: no reader can tell what they show. */
const UNKNOWN = /[\p{Cn}\p{Co}\p{Cs}]/u;
/** More combining marks in a row than any script needs: they spill over the lines around the name. */
const STACKED_MARKS = /\p{M}{5,}/u;
/** An RFC 2047 encoded word, loosely: clients decode `=?charset?B?…?=` even inside quotes. */
const ENCODED_WORD = /=\?[\s\S]*\?=/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The first character that hides itself, or `undefined`. Joiners and selectors between visible characters pass. */
function firstInvisible(chars: readonly string[]): string | undefined {
  return chars.find((char, i) => {
    if (!INVISIBLE.test(char)) return false;
    const before = VISIBLE.test(chars[i - 1] ?? '');
    if (VARIATION_SELECTOR.test(char)) return !before;
    if (JOINER.test(char)) return !(before && VISIBLE.test(chars[i + 1] ?? ''));
    return true;
  });
}

/** The characters of `input` that make it unreadable, before any normalisation. */
function hiddenProblem(input: string): NameProblem | undefined {
  const control = CONTROL.exec(input)?.[0];
  if (control !== undefined) {
    return {
      code: 'name_control_characters',
      detail: `A name must be one line without control characters; remove ${codePoint(control)}.`,
    };
  }
  const bidi = BIDI_CONTROL.exec(input)?.[0];
  if (bidi !== undefined) {
    return {
      code: 'name_bidi_control',
      detail: `A name must not contain the text-direction control ${codePoint(bidi)}; remove it (the direction comes from the letters themselves).`,
    };
  }
  const invisible = firstInvisible([...input]);
  if (invisible !== undefined) {
    return {
      code: 'name_invisible_characters',
      detail: `A name must not contain invisible characters; remove ${codePoint(invisible)}.`,
    };
  }
  const unknown = UNKNOWN.exec(input)?.[0];
  if (unknown !== undefined) {
    return {
      code: 'invalid_name',
      detail: `A name must not contain unassigned or private-use characters; remove ${codePoint(unknown)}.`,
    };
  }
  return undefined;
}

/** What is wrong with a name once it is normalised (NFC, white space collapsed). */
function shownProblem(name: string, rules: DisplayNameRules): NameProblem | undefined {
  if (name.length === 0) return { code: 'invalid_name', detail: 'A name must not be empty.' };
  if (rules.maxLength !== undefined && [...name].length > rules.maxLength) {
    return { code: 'invalid_name', detail: `A name must be at most ${rules.maxLength} characters.` };
  }
  if (STACKED_MARKS.test(name)) {
    return { code: 'invalid_name', detail: 'A name must not stack more than four accents on one letter.' };
  }
  if (ENCODED_WORD.test(name) || ENCODED_WORD.test(name.normalize('NFKC'))) {
    return {
      code: 'name_encoded_word',
      detail: 'A name must not contain MIME encoded words such as =?utf-8?B?…?=; write the name itself.',
    };
  }
  const link = findLinkText(name);
  if (link !== undefined) {
    return {
      code: 'name_url',
      detail: `A name must not contain a web address, e-mail address or domain name ('${link}'); write only the name, with a space after an initial's dot ("J. Smith").`,
    };
  }
  // Circled and other compatibility letters (Ⓐⓛⓘⓒⓔ) are letters to a reader: NFKC says so.
  if (!LETTER_OR_DIGIT.test(name.normalize('NFKC'))) {
    return { code: 'name_no_letters', detail: 'A name must contain at least one letter or digit.' };
  }
  if (showsBrand(name, rules.brand)) {
    return {
      code: 'name_brand',
      detail: `A name must not contain "${rules.brand}" or anything that looks like it: mail shows the name as "<name> via ${rules.brand}", and it must not read as ${rules.brand} itself.`,
    };
  }
  return undefined;
}

/** A name with white space collapsed to single spaces, trimmed, in NFC. */
function normaliseName(input: string): string {
  return input.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Why `input` is not acceptable as a person's name, or `undefined` when it is. The checks, in order:
 * control characters (C0, DEL, C1 such as NEL U+0085, U+2028/2029), text-direction controls,
 * invisible characters (format characters, Default_Ignorable_Code_Point such as U+3164, U+2800;
 * ZWJ/ZWNJ between letters and variation selectors after one pass), unassigned or private-use
 * characters, emptiness and length, over-stacked accents, RFC 2047 encoded words, links and domain
 * names (`findLinkText`), no letter or digit at all, and the brand or a look-alike of it (`showsBrand`:
 * NFKC, full case folding and the UTS #39 confusables skeleton).
 */
export function displayNameProblem(input: string, rules: DisplayNameRules): NameProblem | undefined {
  return hiddenProblem(input) ?? shownProblem(normaliseName(input), rules);
}

/**
 * `checkDisplayName(name, { brand, maxLength })` → the name normalised (NFC, white space collapsed to
 * single spaces, trimmed), ready to store and show.
 * @throws KindlyError with the `NameErrorCode` of the first problem (see `displayNameProblem`) and a
 *   detail that says what to change
 */
export function checkDisplayName(input: string, rules: DisplayNameRules): string {
  const problem = displayNameProblem(input, rules);
  if (problem) throw new KindlyError(problem.code, problem.detail);
  return normaliseName(input);
}

/** True for the codes `checkDisplayName` throws, so a form can show them beside its name field. */
export function isNameErrorCode(code: string): code is NameErrorCode {
  return (nameErrorCodes as readonly string[]).includes(code);
}
