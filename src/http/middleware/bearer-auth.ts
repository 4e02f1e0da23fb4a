import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { hashToken } from '../../core/tokens.js';
import { problem } from '../problem.js';

/**
 * The operator's bearer token. Only its hash is known to the process; comparing hashes in constant
 * time keeps the check free of timing leaks.
 */
export function bearerAuth(adminTokenHash: string): MiddlewareHandler {
  const expected = Buffer.from(adminTokenHash, 'hex');
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header);
    if (!match?.[1]) return problem(c, 'unauthorized', 'Send Authorization: Bearer <token>.');
    const given = Buffer.from(hashToken(match[1]), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return problem(c, 'unauthorized', 'The bearer token is not valid.');
    }
    await next();
  };
}
