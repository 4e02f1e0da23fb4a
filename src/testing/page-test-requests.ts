/** Small request helpers for the page tests. (Test-only; belongs in src/testing.) */
import type { Hono } from 'hono';
import { formsOf } from './forms.js';

export async function getPage(app: Hono, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  return { response, status: response.status, html: await response.text() };
}

export async function postForm(
  app: Hono,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { response, status: response.status, html: await response.text() };
}

/** The hidden fields of the form on `html` that posts to `action`. */
export function formFields(html: string, action: string): Record<string, string> {
  const form = formsOf(html).find((candidate) => candidate.action === action);
  if (!form) throw new Error(`no form posting to ${action} in:\n${html}`);
  return form.fields;
}

/** GETs `pagePath`, then submits its form posting to `action` as a same-origin browser would. */
export async function submit(
  app: Hono,
  pagePath: string,
  action: string,
  extra: Record<string, string> = {},
  origin = 'https://kindly.test',
) {
  const page = await app.request(pagePath);
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  const fields = formFields(await page.text(), action);
  return postForm(app, action, { ...fields, ...extra }, { origin, ...(cookie ? { cookie } : {}) });
}

/** The text of a page without tags, for readable assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
