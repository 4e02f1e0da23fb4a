/**
 * E-mail addresses as they appear in bounces: `<user@example.com>`, `rfc822;user@example.com`,
 * `"Name" <user@example.com>`, `user@example.com.` at the end of a sentence.
 */

const addressPattern =
  /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}/g;

/** Whether a string is a plausible mailbox (local@domain, with a dot in the domain or a bracketed IP). */
export function isAddress(candidate: string): boolean {
  if (candidate.length < 5 || candidate.length > 254) return false;
  const at = candidate.lastIndexOf('@');
  if (at < 1 || at === candidate.length - 1) return false;
  const domain = candidate.slice(at + 1);
  return (domain.includes('.') || domain.startsWith('[')) && !/\s/.test(candidate);
}

/** Every address in a text, lower-cased, in order, without duplicates. */
export function findAddresses(text: string): string[] {
  const out: string[] = [];
  addressPattern.lastIndex = 0;
  for (let m = addressPattern.exec(text); m !== null; m = addressPattern.exec(text)) {
    const address = trimAddress(m[0]);
    if (isAddress(address) && !out.includes(address)) out.push(address);
  }
  return out;
}

function trimAddress(address: string): string {
  let a = address.toLowerCase();
  while (a.startsWith('.') || a.startsWith("'")) a = a.slice(1);
  while (a.endsWith('.') || a.endsWith("'") || a.endsWith('-')) a = a.slice(0, -1);
  return a;
}

/**
 * The address in a field value (`"Name" <User@Example.com>`, `rfc822; user@example.com`,
 * `<user@example.com>`), lower-cased; '' when there is none.
 */
export function cleanAddress(value: string): string {
  const v = value.trim();
  const open = v.lastIndexOf('<');
  const close = v.indexOf('>', open + 1);
  if (open >= 0 && close > open) {
    const inner = trimAddress(
      v
        .slice(open + 1, close)
        .trim()
        .replace(/^mailto:/i, ''),
    );
    if (isAddress(inner)) return inner;
  }
  return findAddresses(v)[0] ?? '';
}
