import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isKindlyError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { BodyError } from './api/read-json.js';
import { problem } from './problem.js';

/** Database errors that mean "not reachable right now", as opposed to a bug. */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  'SQLITE_BUSY',
]);

export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  return (
    error instanceof Error &&
    /Connection terminated|connect ECONNREFUSED|database is locked/i.test(error.message)
  );
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
