import type { MiddlewareHandler } from 'hono';
import { problem } from '../problem.js';
import { principalOf } from './principal.js';

/**
 * App tokens reach only the paths under `allowed`; every other API route (suppressions, tokens, and
 * any added later) is the operator's unless it is listed here, so a new route cannot fall to apps by
 * being forgotten. `c.req.path` is the path the router matched, already decoded and normalised.
 */
export function appTokenScope(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (principalOf(c).role === 'app') {
      const path = c.req.path;
      if (!allowed.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
        return problem(c, 'forbidden_for_app_token');
      }
    }
    await next();
  };
}
