/**
 * What a DKIM-Signature header claims (RFC 6376 §3.5): the signing domain `d=`, the selector `s=`
 * and the signed header fields `h=`. Nothing is verified here (that needs the key from DNS, and
 * `kindly inspect` makes no network requests): it tells a recipient who signed and what the
 * signature would vouch for if it verified.
 */

export interface DkimSignature {
  /** `d=`, lower-cased: the domain that takes responsibility for the message. */
  domain: string;
  /** `s=`: the selector; the key would be at `<s>._domainkey.<d>`. */
  selector: string | null;
  /** `h=`, lower-cased, in order: the header fields the signature covers. */
  signedHeaders: string[];
}

/**
 * Splits an RFC 6376 §3.2 tag-list (`tag=value; tag=value`) into a map. Folding white space is
 * removed from values, as the RFC allows it anywhere in them.
 */
export function parseTagList(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!name || tags.has(name)) continue;
    tags.set(name, part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return tags;
}

/** One DKIM-Signature header value (unfolded or not) → its claims; null when it names no domain. */
export function parseDkimSignature(value: string): DkimSignature | null {
  const tags = parseTagList(value);
  const domain = tags.get('d')?.toLowerCase();
  if (!domain) return null;
  const h = tags.get('h') ?? '';
  return {
    domain,
    selector: tags.get('s') || null,
    signedHeaders: h
      .split(':')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** True when at least one signature's `h=` lists every one of `names` (case-insensitive). */
export function coveredBySignature(signatures: readonly DkimSignature[], names: readonly string[]): boolean {
  const wanted = names.map((name) => name.toLowerCase());
  return signatures.some((signature) => wanted.every((name) => signature.signedHeaders.includes(name)));
}
