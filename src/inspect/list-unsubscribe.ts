/**
 * The unsubscribe options a message offers in its headers: RFC 2369 `List-Unsubscribe` (a list of
 * `<URI>`s, HTTP(S) and mailto), RFC 6068 mailto parameters, and RFC 8058 one-click
 * (`List-Unsubscribe-Post: List-Unsubscribe=One-Click` beside an HTTPS URI).
 */

/** A `mailto:` URI taken apart (RFC 6068): where to write and what to say. */
export interface MailtoUnsubscribe {
  uri: string;
  /** The addressee(s), decoded; usually one. */
  to: string[];
  subject: string | null;
  body: string | null;
}

export interface UnsubscribeOptions {
  /** The header as sent, unfolded; null when the message has none. */
  header: string | null;
  /** HTTP and HTTPS URIs, in the order listed. */
  urls: string[];
  mailto: MailtoUnsubscribe[];
  /**
   * RFC 8058 one-click: `List-Unsubscribe-Post` is exactly `List-Unsubscribe=One-Click` and the list
   * holds an HTTPS URI. This is the URI to POST to, or null.
   */
  oneClickUrl: string | null;
  /** True when `List-Unsubscribe-Post` is present at all (even with a wrong value or no HTTPS URI). */
  postHeader: boolean;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 6068: `mailto:addr1,addr2?subject=…&body=…`; null when it names no address. */
export function parseMailto(uri: string): MailtoUnsubscribe | null {
  const rest = uri.slice('mailto:'.length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params = new Map<string, string>();
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      if (name && !params.has(name)) params.set(name, decode(eq < 0 ? '' : pair.slice(eq + 1)));
    }
  }
  const to = [path, params.get('to') ?? '']
    .flatMap((list) => list.split(','))
    .map((address) => decode(address).trim())
    .filter((address) => /^[^\s@<>]+@[^\s@<>]+$/.test(address));
  if (to.length === 0) return null;
  return { uri, to, subject: params.get('subject') ?? null, body: params.get('body') ?? null };
}

/**
 * Reads the two headers. `listUnsubscribe` is the unfolded header value (or null); anything that
 * is not a `<…>` URI of a known scheme is ignored, as RFC 2369 tells clients to do.
 */
export function readUnsubscribeOptions(
  listUnsubscribe: string | null,
  listUnsubscribePost: string | null,
): UnsubscribeOptions {
  const urls: string[] = [];
  const mailto: MailtoUnsubscribe[] = [];
  for (const match of (listUnsubscribe ?? '').matchAll(/<([^>]*)>/g)) {
    const uri = (match[1] ?? '').replace(/\s+/g, '');
    if (/^https?:\/\//i.test(uri)) urls.push(uri);
    else if (/^mailto:/i.test(uri)) {
      const parsed = parseMailto(`mailto:${uri.slice('mailto:'.length)}`);
      if (parsed) mailto.push(parsed);
    }
  }
  const postHeader = listUnsubscribePost !== null;
  const oneClickValue = listUnsubscribePost?.replace(/\s+/g, '') === 'List-Unsubscribe=One-Click';
  const https = urls.find((url) => /^https:\/\//i.test(url)) ?? null;
  return {
    header: listUnsubscribe,
    urls,
    mailto,
    oneClickUrl: oneClickValue ? https : null,
    postHeader,
  };
}
