/**
 * The pieces of an e-mail address that validation (`address.ts`) and the canonical key form
 * (`canonical-address.ts`) both work on: RFC 5321 character classes, local parts bare or quoted, and
 * domains in IDNA A-labels.
 */
import { domainToASCII } from 'node:url';

/** RFC 5322 atext: the ASCII characters allowed unquoted in an atom. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
/** RFC 5321 qtextSMTP: printable ASCII except `"` and `\`, space included. */
const QTEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]$/;
/** Invisible, formatting and white-space code points: never allowed, even where UTF-8 is. */
export const UNSAFE_UNICODE = /[\p{C}\p{Z}]/u;

/** Length in UTF-8 octets, the unit of every SMTP limit (RFC 5321 §4.5.3.1, RFC 6531 §3.3). */
export const octets = (text: string): number => Buffer.byteLength(text, 'utf8');

const isAscii = (char: string): boolean => char.charCodeAt(0) < 0x80;
/** RFC 6531 UTF8-non-ascii, minus code points that could hide or disguise text. */
export const isSafeNonAscii = (char: string): boolean => !isAscii(char) && !UNSAFE_UNICODE.test(char);
export const isAtomChar = (char: string): boolean => ATEXT.test(char) || isSafeNonAscii(char);
export const isQtextChar = (char: string): boolean => QTEXT.test(char) || isSafeNonAscii(char);

/** True when `text` can stand unquoted as a local part: atoms joined by single dots. */
export function isDotAtom(text: string): boolean {
  return text.split('.').every((atom) => atom.length > 0 && [...atom].every(isAtomChar));
}

/** The text a (valid) local part stands for: quotes removed and quoted pairs unescaped. */
export function localPartText(local: string): string {
  return local.startsWith('"') ? local.slice(1, -1).replace(/\\(.)/gsu, '$1') : local;
}

/**
 * The one way Kindly writes a local part: bare when it is a dot-atom, else quoted escaping only `"`
 * and `\` (so `"a\ b"` is written `"a b"` and `"Jane"` is `Jane`). This is also the form nodemailer
 * leaves as it is, so it is the form that reaches `RCPT TO`.
 */
export function writeLocalPart(text: string): string {
  return isDotAtom(text) ? text : `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The IDNA A-label of one label (UTS #46 via `node:url`), or `''` when it has none. Labels are converted
 * one by one because the WHATWG host parser `domainToASCII` follows would read a numeric last label
 * (`iana.123`) as part of an IPv4 number. Plain LDH labels are only lower-cased.
 */
export function toAsciiLabel(label: string): string {
  const needsIdna = /[^\p{ASCII}]/u.test(label) || /^xn--/i.test(label);
  return needsIdna ? domainToASCII(label) : label.toLowerCase();
}

/** A host name in lower-case A-labels, label by label (see `toAsciiLabel`). */
export function toAsciiDomain(domain: string): string {
  return domain.split('.').map(toAsciiLabel).join('.');
}

/** `[local, domain]`, split at the last `@` (a quoted local part may hold one). */
export function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}
