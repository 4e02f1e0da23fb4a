import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isKindlyError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { BodyError } from './api/read-json.js';
import { problem } from './problem.js';

/**
 * Database errors that mean "not reachable right now", as opposed to a bug: what `pg` and Node's
 * sockets throw while the server is down, shutting down (57P01 on a fast stop) or starting up
 * (57P03), and SQLite's lock timeouts.
 */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
]);

/**
 * `pg` raises these without a code: a pooled client whose server went away, a full pool, a connect
 * that timed out.
 */
const unavailableMessages =
  /Connection terminated|connect ECONNREFUSED|not queryable|timeout exceeded when trying to connect|^timeout expired$|database is locked/i;

export function isUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, cause, errors, message } = error as {
    code?: unknown;
    cause?: unknown;
    errors?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && unavailableMessages.test(message)) return true;
  // Node's happy-eyeballs connect fails with an AggregateError of one error per address tried.
  if (Array.isArray(errors) && errors.some((inner) => isUnavailable(inner, depth + 1))) return true;
  return isUnavailable(cause, depth + 1);
}

export function handleError(error: Error, c: Context, logger: Logger): Response {
  if (isKindlyError(error))
    return problem(c, error.code, error.detail, { retryAfterSeconds: error.retryAfterSeconds });
  if (error instanceof BodyError) return problem(c, error.code);
  if (error instanceof HTTPException) {
    if (error.status === 413) return problem(c, 'payload_too_large');
    return error.getResponse();
  }
  if (isUnavailable(error)) {
    logger.warn({ err: error, path: c.req.path }, 'database unavailable');
    return problem(c, 'unavailable', undefined, { retryAfterSeconds: 5 });
  }
  logger.error({ err: error, path: c.req.path }, 'unhandled error');
  return problem(c, 'internal_error');
}
