/**
 * A problem's `type` leads a developer to a page about it, and the README's table of codes is the
 * same list the service answers with: a code added without its documentation fails here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPage, textOf } from '../../testing/page-test-requests.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { type HttpErrorCode, problemTitle, statusOf } from '../problem.js';

const codes = Object.keys(statusOf) as HttpErrorCode[];

describe('problem pages', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.cleanup());

  it("leads from an API error's type to a page with its code, status and meaning", async () => {
    const response = await t.call('POST', '/v1/members', { email: 'not an address', name: 'Bob' });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.type).toBe('/problems/invalid_email');
    const { status, html } = await getPage(t.app, body.type);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain('invalid_email');
    expect(text).toContain('HTTP 422');
    expect(text).toContain(problemTitle('invalid_email'));
  });

  it('lists every code, each linking to its page, and says what to do about a limit', async () => {
    const { status, html } = await getPage(t.app, '/problems');
    expect(status).toBe(200);
    for (const code of codes)
      expect(html).toContain(`<a href="/problems/${code}">${code}</a> (${statusOf[code]})`);
    const limit = textOf((await getPage(t.app, '/problems/inviter_daily_limit')).html);
    expect(limit).toContain('HTTP 429');
    expect(limit).toContain('Retry-After');
  });

  it('answers an unknown code, or a name from Object.prototype, with a readable 404 page', async () => {
    for (const path of ['/problems/no_such_code', '/problems/__proto__', '/problems/toString']) {
      const { status, html } = await getPage(t.app, path);
      expect(status).toBe(404);
      expect(textOf(html)).toContain('No such problem code');
    }
  });

  it('documents every code with its status in the README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const documented = new Map(
      [...readme.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    for (const code of codes) expect([code, documented.get(code)]).toEqual([code, statusOf[code]]);
  });
});
