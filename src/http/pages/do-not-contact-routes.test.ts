import { afterEach, describe, expect, it } from 'vitest';
import { suppress } from '../../core/suppress.js';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { formFields, getPage, postForm, submit, textOf } from '../../testing/page-test-requests.js';
import { createRateLimiter } from '../middleware/rate-limit.js';
import { csrfToken, doNotContactScope } from './csrf.js';

const origin = 'https://kindly.test';
let fx: PageFixture;

afterEach(async () => {
  await fx.cleanup();
});

async function confirmationsTo(email: string) {
  return fx.core.store.countMessagesTo(fx.core.keyOf(email), ['confirmation'], '2000-01-01T00:00:00.000Z');
}

describe('/do-not-contact', () => {
  it('shows a form with a CSRF field bound to an HttpOnly, SameSite=Strict cookie', async () => {
    fx = await createPageFixture();
    const { status, html, response } = await getPage(fx.app, '/do-not-contact');
    expect(status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kindly_csrf=[A-Za-z0-9_-]{22};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/do-not-contact/);
    expect(cookie).toMatch(/Secure/);
    const value = cookie.split(';')[0]?.split('=')[1] ?? '';
    expect(formFields(html, '/do-not-contact').csrf).toBe(
      csrfToken(fx.deps.secret, doNotContactScope(value)),
    );
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
  });

  it('gives the same answer for a known and an unknown address, and mails a confirmation link', async () => {
    fx = await createPageFixture();
    const known = await submit(fx.app, '/do-not-contact', '/do-not-contact', {
      email: 'alice.smith@example.com',
    });
    const unknown = await submit(fx.app, '/do-not-contact', '/do-not-contact', {
      email: 'nobody@example.net',
    });
    const again = await submit(fx.app, '/do-not-contact', '/do-not-contact', { email: 'nobody@example.net' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.html).toBe(known.html);
    expect(again.html).toBe(known.html);
    expect(textOf(known.html)).toContain(
      'If that address can receive mail, we have sent it a link to confirm',
    );
    expect(await confirmationsTo('nobody@example.net')).toBe(1);
    expect(await fx.core.store.findSuppressions(fx.core.keyOf('nobody@example.net'))).toEqual([]);
  });

  it('queues a confirmation for a suppressed address like any other, to be stopped at the hand-off', async () => {
    fx = await createPageFixture();
    const gone = 'gone@example.net';
    await suppress(fx.core, {
      key: fx.core.keyOf(gone),
      scope: 'global',
      reason: 'stop',
      source: 'test',
      actor: 'test',
    });
    const every = ['queued', 'sent', 'suppressed', 'cancelled', 'failed'] as const;
    const rows = (email: string, states: readonly (typeof every)[number][] = every) =>
      fx.core.store.countMessagesTo(
        fx.core.keyOf(email),
        ['confirmation'],
        '2000-01-01T00:00:00.000Z',
        states,
      );
    const answers = [];
    for (const email of ['fresh@example.net', gone, 'fresh@example.net', gone]) {
      answers.push((await submit(fx.app, '/do-not-contact', '/do-not-contact', { email })).html);
    }
    expect(new Set(answers).size).toBe(1);
    // One row a request either way; the first queued, a repeat within the interval not.
    for (const email of ['fresh@example.net', gone]) {
      expect(await rows(email)).toBe(2);
      expect(await rows(email, ['queued'])).toBe(1);
    }
  });

  it('shows the form again with a readable error for a malformed address (422)', async () => {
    fx = await createPageFixture();
    const { status, html } = await submit(fx.app, '/do-not-contact', '/do-not-contact', {
      email: 'not an address',
    });
    expect(status).toBe(422);
    expect(textOf(html)).toContain('The address is not valid');
    expect(html).toContain('value="not an address"');
    expect(formFields(html, '/do-not-contact').csrf).toBeTruthy();
  });

  it('refuses a POST without the cookie, with a wrong field, or from another origin (403)', async () => {
    fx = await createPageFixture();
    const page = await fx.app.request('/do-not-contact');
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const { csrf = '' } = formFields(await page.text(), '/do-not-contact');
    const attempts: [Record<string, string>, Record<string, string>][] = [
      [{ csrf }, { origin }],
      [{}, { origin, cookie }],
      [{ csrf: csrfToken(fx.deps.secret, doNotContactScope('AAAAAAAAAAAAAAAAAAAAAA')) }, { origin, cookie }],
      [{ csrf }, { origin: 'https://evil.example', cookie }],
    ];
    for (const [fields, headers] of attempts) {
      const { status, html } = await postForm(
        fx.app,
        '/do-not-contact',
        { ...fields, email: 'x@example.net' },
        headers,
      );
      expect(status).toBe(403);
      expect(textOf(html)).toContain('This form could not be sent');
    }
    expect(await confirmationsTo('x@example.net')).toBe(0);
  });

  it('limits requests per client with a 429 page and Retry-After', async () => {
    let now = 1_000_000;
    fx = await createPageFixture({
      rateLimit: createRateLimiter({ limit: 2, windowMs: 600_000, now: () => now }),
    });
    for (let i = 0; i < 2; i++) {
      const { status } = await submit(fx.app, '/do-not-contact', '/do-not-contact', {
        email: `a${i}@example.net`,
      });
      expect(status).toBe(200);
    }
    const limited = await submit(fx.app, '/do-not-contact', '/do-not-contact', { email: 'a9@example.net' });
    expect(limited.status).toBe(429);
    expect(limited.response.headers.get('retry-after')).toBe('600');
    expect(textOf(limited.html)).toContain('Too many requests');
    expect(await confirmationsTo('a9@example.net')).toBe(0);
    now += 600_000;
    expect(
      (await submit(fx.app, '/do-not-contact', '/do-not-contact', { email: 'a9@example.net' })).status,
    ).toBe(200);
  });
});

describe('/do-not-contact/confirm/:token', () => {
  it('shows one button, changes nothing on GET, and suppresses globally on POST', async () => {
    fx = await createPageFixture();
    const token = await fx.addressToken('dnc-confirm', 'bob@example.org');
    const { status, html } = await getPage(fx.app, `/do-not-contact/confirm/${token}`);
    expect(status).toBe(200);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(await fx.core.store.findSuppressions(fx.core.keyOf('bob@example.org'))).toEqual([]);

    const done = await submit(fx.app, `/do-not-contact/confirm/${token}`, `/do-not-contact/confirm/${token}`);
    expect(done.status).toBe(200);
    expect(textOf(done.html)).toContain('Done: Kindly will never e-mail you again');
    const suppressions = await fx.core.store.findSuppressions(fx.core.keyOf('bob@example.org'));
    expect(suppressions).toMatchObject([{ scope: 'global', reason: 'request', source: 'do-not-contact' }]);
  });

  it('refuses a POST without the CSRF field, and answers unknown tokens with the 404 page', async () => {
    fx = await createPageFixture();
    const token = await fx.addressToken('dnc-confirm', 'bob@example.org');
    expect((await postForm(fx.app, `/do-not-contact/confirm/${token}`, {}, { origin })).status).toBe(403);
    const stop = await fx.addressToken('stop', 'bob@example.org');
    expect((await getPage(fx.app, `/do-not-contact/confirm/${stop}`)).status).toBe(404);
    const bogus = 'AAAAAAAAAAAAAAAAAAAAAA';
    const posted = await postForm(fx.app, `/do-not-contact/confirm/${bogus}`, {
      csrf: csrfToken(fx.deps.secret, bogus),
    });
    expect(posted.status).toBe(404);
    expect(await fx.core.store.findSuppressions(fx.core.keyOf('bob@example.org'))).toEqual([]);
  });
});
