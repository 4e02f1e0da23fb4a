import { createHash } from 'node:crypto';

/** Tokens are kept only as this hash, so a copy of the database opens no link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 128 random bits in base64url are 22 characters; anything shorter or outside the alphabet is no token. */
export function looksLikeToken(candidate: string): boolean {
  return /^[A-Za-z0-9_-]{22,128}$/.test(candidate);
}
