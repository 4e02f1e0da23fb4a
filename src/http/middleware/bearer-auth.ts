import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { authenticateApiToken } from '../../core/api-token-auth.js';
import { apiTokenActor } from '../../core/api-tokens.js';
import type { CoreDeps } from '../../core/deps.js';
import { hashToken } from '../../core/tokens.js';
import { problem } from '../problem.js';
import { environmentOperator } from './principal.js';

const tokenAlphabet = /^[A-Za-z0-9._~+/=-]{1,512}$/;

/**
 * The operator's token from the environment, or a named API token from the store. Only hashes are
 * known to the process; the operator's is compared in constant time. A malformed, unknown or revoked
 * token gets the very same answer, so none of the three can be told from the others.
 */
export function bearerAuth(
  adminTokenHash: string,
  core: Pick<CoreDeps, 'store' | 'clock'>,
): MiddlewareHandler {
  const expected = Buffer.from(adminTokenHash, 'hex');
  return async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) return problem(c, 'unauthorized', 'Send Authorization: Bearer <token>.');
    const token = match[1];
    if (!tokenAlphabet.test(token)) return invalid(c);
    const given = Buffer.from(hashToken(token), 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      c.set('principal', environmentOperator);
      return next();
    }
    const named = await authenticateApiToken(core, token);
    if (!named) return invalid(c);
    c.set('principal', { role: named.role, actor: apiTokenActor(named.id), tokenId: named.id });
    await next();
  };
}

function invalid(c: Context): Response {
  return problem(c, 'unauthorized', 'The bearer token is not valid.');
}
