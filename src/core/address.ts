/**
 * E-mail addresses for sending: validation as an RFC 5321 Mailbox (with RFC 6531 SMTPUTF8 extensions),
 * and the one form Kindly stores, shows, keys and writes in `RCPT TO`. See docs/addresses.md.
 */
import { domainToUnicode } from 'node:url';
import {
  isAtomChar,
  isQtextChar,
  isSafeNonAscii,
  localPartText,
  octets,
  splitAddress,
  toAsciiDomain,
  toAsciiLabel,
  UNSAFE_UNICODE,
  writeLocalPart,
} from './address-parts.js';
import { codePoint } from './code-points.js';
import { KindlyError } from './errors.js';

/** `address` is the form sent (see `checkAddress`); `reason` says in words why there is none. */
export type AddressVerdict = { ok: true; address: string } | { ok: false; reason: string };

const MAX_ADDRESS_OCTETS = 254;
const MAX_LOCAL_PART_OCTETS = 64;
const MAX_DOMAIN_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;

/** RFC 5321 quoted-pairSMTP: a backslash followed by printable ASCII or space. */
const QUOTED_PAIR_TEXT = /^[\x20-\x7e]$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/**
 * A last label that resolvers (inet_aton, the WHATWG URL host parser, nodemailer through it) read as
 * an IPv4 number: decimal, octal or `0x` hex. `recipient@0x7f.1` would go to 127.0.0.1.
 */
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;
const CONTROL = /\p{Cc}/u;

type Problem = string | undefined;

/** A character named for an error message, so that invisible characters are shown as code points. */
function describe(char: string): string {
  const code = codePoint(char);
  return char === ' ' || UNSAFE_UNICODE.test(char) ? code : `'${char}' (${code})`;
}

/**
 * Whether `input` is a mailbox Kindly can send to, and if so the **form sent**: the one form that is
 * stored, listed, keyed (through `canonicalAddress`) and written byte for byte in `RCPT TO`.
 * That form has the local part in NFC, bare when it is a dot-atom and otherwise quoted escaping only
 * `"` and `\`; the domain in lower-case IDNA A-labels, or, when the local part is UTF-8 (SMTPUTF8,
 * RFC 6531), in the U-labels those A-labels stand for; an address literal in lower case. It is the
 * form nodemailer leaves unchanged, so no later step turns it into another mailbox.
 *
 * Refused: anything that is not a bare RFC 5321 Mailbox, control and invisible characters, a domain
 * whose last label is a number (RFC 5321 §4.1.3 wants an IP address in brackets), and an address over
 * 64 octets before the `@`, 253 after it or 254 in all, counted both as typed and as sent (the domain
 * in A-labels and as sent, UTF-8 octets throughout).
 */
export function checkAddress(input: string): AddressVerdict {
  const reason = whyNotMailbox(input);
  if (reason !== undefined) return { ok: false, reason };
  const sent = formSent(input);
  const tooLong = whyTooLong(sent);
  return tooLong === undefined ? { ok: true, address: sent.address } : { ok: false, reason: tooLong };
}

/**
 * The form sent of a valid address (see `checkAddress`).
 * @throws KindlyError `invalid_email` with a readable reason that names invisible characters by code point
 */
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
  if (!input.includes('@')) return "it has no '@'";
  const [local, domain] = splitAddress(input);
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
  for (const label of domain.split('.')) {
    const problem = whyNotLabel(label);
    if (problem) return problem;
  }
  const last = toAsciiDomain(domain).split('.').at(-1) ?? '';
  if (NUMERIC_LABEL.test(last)) {
    return 'the domain ends in a number, which mail software reads as an IP address; write an IP address in brackets, such as [192.0.2.1]';
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

interface FormSent {
  address: string;
  local: string;
  /** The domain as sent: A-labels, U-labels after a UTF-8 local part, or a literal. */
  domain: string;
  /** The domain in A-labels (a literal as it is). */
  asciiDomain: string;
}

/** The form sent of a syntactically valid address (see `checkAddress`). */
function formSent(input: string): FormSent {
  const [rawLocal, rawDomain] = splitAddress(input);
  const local = writeLocalPart(localPartText(rawLocal).normalize('NFC'));
  if (rawDomain.startsWith('[')) {
    const literal = rawDomain.toLowerCase();
    return { address: `${local}@${literal}`, local, domain: literal, asciiDomain: literal };
  }
  const asciiDomain = toAsciiDomain(rawDomain);
  // nodemailer writes the domain of an address with a UTF-8 local part in U-labels (SMTPUTF8 on both
  // sides of the '@'), so that is the form sent, and the one stored.
  const domain = /[^\p{ASCII}]/u.test(local) ? domainToUnicode(asciiDomain) : asciiDomain;
  return { address: `${local}@${domain}`, local, domain, asciiDomain };
}

/** RFC 5321 §4.5.3.1 limits, counted on the form sent, its domain both as sent and in A-labels. */
function whyTooLong(sent: FormSent): Problem {
  const bad = [...sent.domain].find((char) => UNSAFE_UNICODE.test(char));
  if (bad !== undefined) return `the domain decodes to the invisible character ${describe(bad)}`;
  if (octets(sent.local) > MAX_LOCAL_PART_OCTETS) {
    return `the part before the '@' is longer than ${MAX_LOCAL_PART_OCTETS} octets as sent`;
  }
  const domainOctets = Math.max(octets(sent.domain), octets(sent.asciiDomain));
  if (domainOctets > MAX_DOMAIN_OCTETS) {
    return `the domain is longer than ${MAX_DOMAIN_OCTETS} octets as sent (in IDNA A-labels)`;
  }
  const total = octets(sent.local) + 1 + domainOctets;
  if (total > MAX_ADDRESS_OCTETS) {
    return `it is ${total} octets long as sent (the domain in IDNA A-labels), more than ${MAX_ADDRESS_OCTETS}`;
  }
  return undefined;
}
