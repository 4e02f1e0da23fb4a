/**
 * E-mail addresses for sending: validation as an RFC 5321 Mailbox (with RFC 6531 SMTPUTF8 extensions)
 * and the canonical form the suppression key is computed from. See docs/addresses.md for the policy.
 */
import { domainToASCII } from 'node:url';
import { KindlyError } from './errors.js';

export type AddressVerdict = { ok: true; address: string } | { ok: false; reason: string };

const MAX_ADDRESS_OCTETS = 254;
const MAX_LOCAL_PART_OCTETS = 64;
const MAX_DOMAIN_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;

/** RFC 5322 atext: the ASCII characters allowed unquoted in an atom. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
/** RFC 5321 qtextSMTP: printable ASCII except `"` and `\`, space included. */
const QTEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]$/;
/** RFC 5321 quoted-pairSMTP: a backslash followed by printable ASCII or space. */
const QUOTED_PAIR_TEXT = /^[\x20-\x7e]$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Invisible, formatting and white-space code points: never allowed, even where UTF-8 is. */
const UNSAFE_UNICODE = /[\p{C}\p{Z}]/u;
const CONTROL = /\p{Cc}/u;

type Problem = string | undefined;

const octets = (text: string): number => Buffer.byteLength(text, 'utf8');
const isAscii = (char: string): boolean => char.charCodeAt(0) < 0x80;
/** RFC 6531 UTF8-non-ascii, minus code points that could hide or disguise text. */
const isSafeNonAscii = (char: string): boolean => !isAscii(char) && !UNSAFE_UNICODE.test(char);
const isAtomChar = (char: string): boolean => ATEXT.test(char) || isSafeNonAscii(char);
const isQtextChar = (char: string): boolean => QTEXT.test(char) || isSafeNonAscii(char);

/** A character named for an error message, so that invisible characters are shown as code points. */
function describe(char: string): string {
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return char === ' ' || UNSAFE_UNICODE.test(char) ? code : `'${char}' (${code})`;
}

export function checkAddress(input: string): AddressVerdict {
  const reason = whyNotMailbox(input);
  return reason === undefined ? { ok: true, address: input } : { ok: false, reason };
}

export function parseAddress(input: string): string {
  const verdict = checkAddress(input);
  if (!verdict.ok) throw new KindlyError('invalid_email', `The address is not valid: ${verdict.reason}.`);
  return verdict.address;
}

function whyNotMailbox(input: string): Problem {
  if (input.length === 0) return 'it is empty';
  if (/[\r\n]/.test(input)) return 'it contains a line break';
  const control = CONTROL.exec(input);
  if (control) return `it contains the control character ${describe(control[0])}`;
  if (/^\s|\s$/u.test(input)) return 'it starts or ends with white space';
  if (/[<>]/.test(input)) return 'it must be a bare address, without a display name or angle brackets';
  if (octets(input) > MAX_ADDRESS_OCTETS) return `it is longer than ${MAX_ADDRESS_OCTETS} octets`;
  const at = input.lastIndexOf('@');
  if (at < 0) return "it has no '@'";
  const local = input.slice(0, at);
  const domain = input.slice(at + 1);
  if (local.length === 0) return "there is nothing before the '@'";
  if (domain.length === 0) return "there is nothing after the '@'";
  return whyNotLocalPart(local) ?? whyNotDomainPart(domain);
}

function whyNotLocalPart(local: string): Problem {
  if (octets(local) > MAX_LOCAL_PART_OCTETS) {
    return `the part before the '@' is longer than ${MAX_LOCAL_PART_OCTETS} octets`;
  }
  return local.startsWith('"') ? whyNotQuotedString(local) : whyNotDotAtom(local);
}

const DOT_ATOM_HINTS: Record<string, string> = {
  '"': '; a quoted local part must be quoted as a whole',
  '(': '; comments are not accepted',
};

/** Dot-atom: atoms of atext (or UTF-8) joined by single dots; no comments, no white space. */
function whyNotDotAtom(local: string): Problem {
  if (/^\.|\.$/.test(local)) return "the part before the '@' starts or ends with a dot";
  if (local.includes('..')) return "the part before the '@' has two dots in a row";
  const bad = [...local].find((char) => char !== '.' && !isAtomChar(char));
  if (bad === undefined) return undefined;
  const hint = DOT_ATOM_HINTS[bad] ?? '';
  return `the part before the '@' contains ${describe(bad)}, which is only allowed in quotes${hint}`;
}

/** Quoted-string: `"` (qtextSMTP / quoted-pairSMTP)* `"`, covering the whole local part. */
function whyNotQuotedString(local: string): Problem {
  const chars = [...local];
  for (let i = 1; i < chars.length; i += 1) {
    const char = chars[i] ?? '';
    if (char === '"') {
      return i === chars.length - 1 ? undefined : "the quoted part before the '@' is followed by more text";
    }
    if (char === '\\') {
      const escaped = chars[i + 1];
      if (escaped === undefined || !QUOTED_PAIR_TEXT.test(escaped)) {
        return "the quoted part before the '@' has a backslash before a character that cannot be escaped";
      }
      i += 1;
    } else if (!isQtextChar(char)) {
      return `the quoted part before the '@' contains ${describe(char)}`;
    }
  }
  return "the quoted part before the '@' is not closed";
}

function whyNotDomainPart(domain: string): Problem {
  if (domain.startsWith('[')) return whyNotAddressLiteral(domain);
  if (/^\.|\.$/.test(domain)) return 'the domain starts or ends with a dot';
  if (domain.includes('..')) return 'the domain has two dots in a row';
  const labels = domain.split('.');
  for (const label of labels) {
    const problem = whyNotLabel(label);
    if (problem) return problem;
  }
  if (octets(toAsciiDomain(domain)) > MAX_DOMAIN_OCTETS) {
    return `the domain is longer than ${MAX_DOMAIN_OCTETS} octets`;
  }
  return undefined;
}

/** A DNS label: letters, digits and inner hyphens (RFC 1035 as relaxed by RFC 1123), or a valid U-label. */
function whyNotLabel(label: string): Problem {
  if (label.startsWith('-') || label.endsWith('-')) return 'a domain label starts or ends with a hyphen';
  const bad = [...label].find((char) => !/^[a-z0-9-]$/i.test(char) && !isSafeNonAscii(char));
  if (bad !== undefined) return `the domain contains ${describe(bad)}`;
  const ascii = toAsciiLabel(label);
  if (!LDH_LABEL.test(ascii)) return `the domain label '${label}' is not a valid internationalised name`;
  if (octets(ascii) > MAX_LABEL_OCTETS) return `a domain label is longer than ${MAX_LABEL_OCTETS} octets`;
  return undefined;
}

/**
 * The IDNA A-label of one label. Labels are converted one by one because the WHATWG host parser
 * `domainToASCII` follows would read all-numeric labels (`iana.123`) as IPv4 numbers.
 * Plain LDH labels are only lower-cased; `xn--` labels are checked to be valid Punycode.
 */
function toAsciiLabel(label: string): string {
  const needsIdna = /[^\p{ASCII}]/u.test(label) || /^xn--/i.test(label);
  return needsIdna ? domainToASCII(label) : label.toLowerCase();
}

function toAsciiDomain(domain: string): string {
  return domain.split('.').map(toAsciiLabel).join('.');
}

/** RFC 5321 address-literal: `[IPv4]` or `[IPv6:...]`. General (tagged) literals are not accepted. */
function whyNotAddressLiteral(domain: string): Problem {
  if (!domain.endsWith(']')) return "the domain literal is not closed by ']'";
  const inner = domain.slice(1, -1);
  const ipv6 = /^ipv6:/i.test(inner);
  const valid = ipv6 ? isIpv6(inner.slice('IPv6:'.length)) : isIpv4(inner);
  if (valid) return undefined;
  return ipv6 ? 'the IPv6 address literal is not valid' : 'the domain literal is not an IPv4 or IPv6 address';
}

function isIpv4(text: string): boolean {
  return IPV4.test(text) && text.split('.').every((part) => Number(part) <= 255);
}

/**
 * RFC 5321 IPv6-addr: eight groups, or at most six around one `::` (which stands for at least two
 * zero groups); an embedded IPv4 address at the end counts as two groups.
 */
function isIpv6(text: string): boolean {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let hex = text;
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    hex = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? groups.length <= 6 : groups.length === 8;
}

/**
 * The form suppression keys are computed from: lower case (and NFC) throughout, the domain in IDNA
 * ASCII, quotes dropped where they are not needed, and Gmail's dots and `+tags` removed.
 * Assumes a valid address (call `parseAddress` first).
 */
export function canonicalAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = canonicalDomain(address.slice(at + 1));
  const local = canonicalLocalPart(address.slice(0, at));
  return `${domain === 'gmail.com' ? gmailMailbox(local) : local}@${domain}`;
}

function canonicalDomain(domain: string): string {
  if (domain.startsWith('[')) return domain.toLowerCase();
  const ascii = toAsciiDomain(domain);
  return ascii === 'googlemail.com' ? 'gmail.com' : ascii; // one mailbox, two names
}

function canonicalLocalPart(local: string): string {
  const text = (local.startsWith('"') ? unquote(local) : local).toLowerCase().normalize('NFC');
  return isDotAtom(text) ? text : `"${text.replace(/["\\]/g, '\\$&')}"`;
}

function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/gsu, '$1');
}

function isDotAtom(text: string): boolean {
  return text.split('.').every((atom) => atom.length > 0 && [...atom].every(isAtomChar));
}

/** Gmail ignores dots and everything from the first `+`; quoted local parts are left alone. */
function gmailMailbox(local: string): string {
  if (local.startsWith('"')) return local;
  const withoutDots = local.replaceAll('.', '');
  const plus = withoutDots.indexOf('+');
  return plus > 0 ? withoutDots.slice(0, plus) : withoutDots;
}
