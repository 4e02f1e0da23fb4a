/**
 * CSRF protection for the recipient pages' forms.
 *
 * A token page's form carries `csrf` = base64url HMAC-SHA256(secret, `csrf:<path token>`): only a page
 * Kindly rendered can hold it. The do-not-contact form has no token in its path, so it binds a random
 * double-submit cookie into the HMAC instead. On top of that, a POST whose `Origin` names another site
 * is refused. `Origin: null` (what browsers send under `Referrer-Policy: no-referrer`) names no site,
 * so there `Sec-Fetch-Site` decides when the browser sends it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const csrfFieldName = 'csrf';
export const csrfCookieName = 'kindly_csrf';
export const csrfCookiePath = '/do-not-contact';

/** The hidden field value for a form in `scope` (a path token, or `doNotContactScope(cookie)`). */
export function csrfToken(secret: string, scope: string): string {
  return createHmac('sha256', secret).update(`csrf:${scope}`, 'utf8').digest('base64url');
}

export function verifyCsrfToken(secret: string, scope: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const expected = Buffer.from(csrfToken(secret, scope), 'utf8');
  const given = Buffer.from(candidate, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The scope of the do-not-contact form, bound to the browser's double-submit cookie. */
export function doNotContactScope(cookie: string): string {
  return `do-not-contact:${cookie}`;
}

const cookieShape = /^[A-Za-z0-9_-]{22,64}$/;

/** The browser's do-not-contact cookie, set now if it has none (or a malformed one). */
export function ensureCsrfCookie(c: Context, baseUrl: string): string {
  const existing = getCookie(c, csrfCookieName);
  if (existing && cookieShape.test(existing)) return existing;
  const value = randomBytes(16).toString('base64url');
  setCookie(c, csrfCookieName, value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: csrfCookiePath,
    secure: new URL(baseUrl).protocol === 'https:',
  });
  return value;
}

/** The do-not-contact cookie the request carries, if it is well formed. */
export function readCsrfCookie(c: Context): string | undefined {
  const value = getCookie(c, csrfCookieName);
  return value && cookieShape.test(value) ? value : undefined;
}

/** Whether the request's `Origin` and `Sec-Fetch-Site` allow it to be a form of ours. */
export function isSameOrigin(headers: Headers, baseUrl: string): boolean {
  const origin = headers.get('origin');
  if (origin !== null && origin !== 'null') return origin === new URL(baseUrl).origin;
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

/** The whole check for a page POST: same origin, and the form's token matches `scope`. */
export function checkPagePost(
  c: Context,
  secret: string,
  baseUrl: string,
  scope: string | undefined,
  form: Record<string, string>,
): boolean {
  if (!isSameOrigin(c.req.raw.headers, baseUrl)) return false;
  return scope !== undefined && verifyCsrfToken(secret, scope, form[csrfFieldName]);
}
