/**
 * Does a text show the service's brand? Mail goes out as `"<name> via <brand>"` from the service's own
 * domain, so a member named "Kindly Security Team", "Kіndly" (Cyrillic і) or "K1ndly" would read as
 * the service speaking. Texts are compared in a form where look-alikes are equal: Unicode NFKC and full
 * case folding, accents dropped, the UTS #39 confusables skeleton, and only letters and digits kept.
 */
import { createRequire } from 'node:module';
import { caseFold } from 'unicode-case-folding';

const require = createRequire(import.meta.url);
let skeletonOf: ((text: string) => string) | undefined;

/**
 * `unhomoglyph`, loaded on first use: it compiles one pattern of the 6,000 confusables.txt entries when
 * it loads, which commands that never read a name should not pay at start.
 */
function unhomoglyph(text: string): string {
  skeletonOf ??= require('unhomoglyph') as (text: string) => string;
  return skeletonOf(text);
}

/** Under this many letters a brand is matched only as a whole word: "Hub" must not refuse "Hubert". */
const SHORT_BRAND = 4;

/**
 * The UTS #39 skeleton (NFD, confusables.txt prototypes, NFD) of `text` without accents, case folded.
 * `unhomoglyph` carries the confusables.txt mapping. Its prototypes map `1`, `I` and `|` to `l`, and `i`
 * is put into that class too, because a brand's `i` is forged by `1` or `l` (K1ndly, Klndly) as easily
 * as its `l` is.
 */
function skeletonFolded(text: string): string {
  const skeleton = unhomoglyph(withoutMarks(text)).normalize('NFD');
  return withoutMarks(caseFold(skeleton)).replaceAll('i', 'l');
}

/**
 * Two look-alike forms, since confusables.txt maps each case on its own: Greek `Κ` is a prototype `K`
 * while its lower case `κ` is not a `k`, and Cherokee `Ꭵ` is an `i` only before folding. One form takes
 * the skeleton of the text as written, the other of the text case folded first.
 */
function lookalikeForms(text: string): string[] {
  const plain = text.normalize('NFKC');
  return [skeletonFolded(plain), skeletonFolded(caseFold(plain).normalize('NFKC'))];
}

/** Accents and other combining marks dropped (after NFD): "Kïndly" is read as "Kindly". */
function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** A look-alike form cut into runs of letters and digits. */
function words(form: string): string[] {
  return form.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/** Whether one look-alike form of a text shows one form of the brand (see `showsBrand`). */
function formShows(textWords: readonly string[], brandWords: readonly string[]): boolean {
  const compactBrand = brandWords.join('');
  if (compactBrand.length === 0) return false;
  if (compactBrand.length < SHORT_BRAND) {
    return ` ${textWords.join(' ')} `.includes(` ${brandWords.join(' ')} `);
  }
  return textWords.join('').includes(compactBrand);
}

/**
 * True when `text` contains `brand` or a look-alike of it, ignoring case, accents, confusable letters
 * (UTS #39), spacing and punctuation ("K i n d l y", "Kind-ly"). A brand shorter than four letters must
 * match a whole word of `text` instead, so short brands do not refuse ordinary names. An empty brand
 * matches nothing.
 */
export function showsBrand(text: string, brand: string): boolean {
  const brandForms = lookalikeForms(brand).map(words);
  return lookalikeForms(text)
    .map(words)
    .some((textWords) => brandForms.some((brandWords) => formShows(textWords, brandWords)));
}
