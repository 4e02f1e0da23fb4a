/**
 * The only addresses the inbound listener accepts: `bounce+<tag>@<bounce domain>` (VERP return paths,
 * and whatever feedback-loop address the operator registered, e.g. `bounce+fbl@`) and
 * `unsubscribe+<stop token>@<bounce domain>` (the mailto of List-Unsubscribe).
 */
import { looksLikeToken } from '../../core/tokens.js';

export type InboundAddress = { kind: 'bounce'; tag: string } | { kind: 'unsubscribe'; token: string };

export function parseInboundAddress(address: string, bounceDomain: string): InboundAddress | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== bounceDomain.toLowerCase()) return null;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return null;
  const prefix = local.slice(0, plus).toLowerCase();
  const tag = local.slice(plus + 1);
  // Tokens are case-sensitive base64url, so only the prefix and domain are compared loosely.
  if (prefix === 'bounce' && /^[A-Za-z0-9_.=-]{1,128}$/.test(tag)) return { kind: 'bounce', tag };
  if (prefix === 'unsubscribe' && looksLikeToken(tag)) return { kind: 'unsubscribe', token: tag };
  return null;
}

/** The VERP token of a `bounce+<token>@` address, when the tag has the shape of one. */
export function verpTokenOf(address: InboundAddress | null): string | null {
  return address?.kind === 'bounce' && looksLikeToken(address.tag) ? address.tag : null;
}

/**
 * The VERP token in any `bounce+<token>@…` address a provider reports as the envelope sender. The
 * domain is not checked: the token alone is looked up, and only our own tokens are found.
 */
export function verpTokenInAddress(address: string | null | undefined): string | null {
  const match = /^<?bounce\+([A-Za-z0-9_-]{22,128})@[^@>]+>?$/i.exec(address?.trim() ?? '');
  return match?.[1] ?? null;
}
