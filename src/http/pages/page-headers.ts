import type { MiddlewareHandler } from 'hono';

export const contentSecurityPolicy =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Security headers for every recipient page. Tokens travel in URLs, so nothing may leak them to
 * another site (no referrer) or keep them in a shared cache (no-store); the stylesheet alone is cached.
 */
export function pageHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Robots-Tag', 'noindex, nofollow');
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  };
}
