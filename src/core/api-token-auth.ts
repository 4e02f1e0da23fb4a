/**
 * Who a named bearer token is. An unknown, malformed or revoked token all come back `undefined`, so
 * callers cannot answer them differently by accident.
 */
import { apiTokenPrefix } from './api-tokens.js';
import type { CoreDeps } from './deps.js';
import type { ApiToken } from './model.js';
import { hashToken } from './tokens.js';

/** `lastUsedAt` is this coarse, so a busy app's requests stay reads instead of each writing a row. */
export const lastUsedResolutionMs = 60_000;

const shape = new RegExp(`^${apiTokenPrefix}[A-Za-z0-9_-]{22,128}$`);

/** Only text of this shape can be a named token; anything else needs no database read. */
export function looksLikeApiToken(text: string): boolean {
  return shape.test(text);
}

export async function authenticateApiToken(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  text: string,
): Promise<ApiToken | undefined> {
  if (!looksLikeApiToken(text)) return undefined;
  const token = await deps.store.findApiTokenByHash(hashToken(text));
  if (!token || token.revokedAt !== null) return undefined;
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs).toISOString();
  if (token.lastUsedAt === null || token.lastUsedAt < staleBefore) {
    await deps.store.touchApiToken(token.id, now.toISOString(), staleBefore);
  }
  return token;
}
