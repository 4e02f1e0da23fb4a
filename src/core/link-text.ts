/**
 * Finds web addresses, e-mail addresses and domain names in a short text, as mail clients and readers
 * would take them: "verify at evil.example" carries a link even where no client underlines it.
 * linkify-it does the finding; every top-level domain (the `tlds` list) and the names reserved for
 * examples and tests (RFC 2606, RFC 6761) count, not only the common ones.
 */
import { createRequire } from 'node:module';
import type LinkifyIt from 'linkify-it';

const require = createRequire(import.meta.url);

/** RFC 2606 and RFC 6761 names: not delegated, but readers take them for domains all the same. */
const reservedTlds = ['example', 'test', 'invalid', 'localhost', 'local', 'onion'];

let linkify: LinkifyIt | undefined;

/**
 * Built on first use: loading linkify-it with 1,400 top-level domains and compiling its patterns takes
 * a noticeable part of a second, which commands that never read a name should not pay at start.
 */
function finder(): LinkifyIt {
  if (linkify === undefined) {
    const Linkify = require('linkify-it') as typeof LinkifyIt;
    const tlds = require('tlds') as string[];
    linkify = new Linkify().tlds(tlds).tlds(reservedTlds, true).set({ fuzzyIP: true });
  }
  return linkify;
}

/**
 * Full stops that IDNA reads as dots (UTS #46): `evil。example` is `evil.example` in an address bar.
 * NFKC turns the full-width and half-width ones into these two.
 */
const IDEOGRAPHIC_FULL_STOP = /\u3002/g;

/**
 * The first link-like part of `text` (a URL, an e-mail address, a domain name such as `evil.example`,
 * an IPv4 address), or `undefined` when there is none. The text is read under NFKC, so full-width
 * letters and dots count as their plain forms.
 */
export function findLinkText(text: string): string | undefined {
  const plain = text.normalize('NFKC').replace(IDEOGRAPHIC_FULL_STOP, '.');
  const match = finder().match(plain)?.[0];
  return match?.raw;
}
