import { afterEach, describe, expect, it } from 'vitest';
import { applyInboundEvent } from '../../core/inbound-events.js';
import { createMember } from '../../core/members.js';
import type { Store } from '../../core/ports.js';
import { resumeLinkRule } from '../../core/resume-link.js';
import { suppress } from '../../core/suppress.js';
import { hashToken } from '../../core/tokens.js';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { formFields, getPage, postForm, submit, textOf } from '../../testing/page-test-requests.js';
import { createRateLimiter } from '../middleware/rate-limit.js';

const origin = 'https://kindly.test';
const form = '/do-not-contact/resume';
let fx: PageFixture;

afterEach(async () => {
  await fx.cleanup();
});

const since = '2000-01-01T00:00:00.000Z';
const linksTo = (email: string) => fx.core.store.countMessagesTo(fx.core.keyOf(email), ['resume'], since);

/** Records the name of every store call, inside transactions too: the writes (and reads) a request does. */
function recordCalls(store: Store, calls: string[]): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        if (name === 'transaction' || name === 'durableTransaction') {
          const work = args[0] as (tx: Store) => Promise<unknown>;
          return value.call(target, (tx: Store) => work(recordCalls(tx, calls)));
        }
        return value.apply(target, args);
      };
    },
  });
}

/** A resume link as the worker mints it when it sends the mail. */
async function mailedLink(email: string): Promise<string> {
  const token = `ResumeLink_${Math.random().toString(36).slice(2)}_0123456789`;
  await fx.core.store.insertToken({
    hash: hashToken(token),
    purpose: 'resume',
    invitationId: null,
    addressKey: fx.core.keyOf(email),
    messageId: null,
    createdAt: fx.clock.now().toISOString(),
  });
  return token;
}

describe('GET and POST /do-not-contact/resume', () => {
  it('answers alike, after the same store calls, for a member, a stranger, a suppressed and an invited address', async () => {
    fx = await createPageFixture();
    await createMember(fx.core, { email: 'member@example.org', name: 'Mona Member' });
    await suppress(fx.core, {
      key: fx.core.keyOf('complained@example.org'),
      scope: 'global',
      reason: 'complaint',
      source: 'bounce:smtp',
      actor: 'recipient',
    });
    await fx.invitation('invited@example.org');
    const store = fx.core.store;
    const answers: { html: string; calls: string[] }[] = [];
    for (const email of [
      'member@example.org',
      'stranger@example.org',
      'complained@example.org',
      'invited@example.org',
    ]) {
      const calls: string[] = [];
      fx.core.store = recordCalls(store, calls);
      try {
        const { status, html } = await submit(fx.app, form, form, { email });
        expect(status).toBe(200);
        answers.push({ html, calls });
      } finally {
        fx.core.store = store;
      }
      expect(await linksTo(email)).toBe(1);
    }
    expect(new Set(answers.map((a) => a.html)).size).toBe(1);
    expect(new Set(answers.map((a) => a.calls.join(' '))).size).toBe(1);
    expect(answers[0]?.calls).toContain('insertMessage');
    expect(textOf(answers[0]?.html ?? '')).toContain(
      'If that address can receive mail, we have sent it a link',
    );
    // Asking changes nothing by itself.
    expect((await fx.core.store.findSuppressions(fx.core.keyOf('complained@example.org')))[0]?.reason).toBe(
      'complaint',
    );
  });

  it('mails one address at most three links a day, answering the same page every time', async () => {
    fx = await createPageFixture({ rateLimit: createRateLimiter({ limit: 100, windowMs: 60_000 }) });
    const first = await submit(fx.app, form, form, { email: 'bob@example.org' });
    for (let i = 1; i < resumeLinkRule.perAddressPerDay + 2; i++) {
      expect((await submit(fx.app, form, form, { email: 'Bob@Example.org' })).html).toBe(first.html);
    }
    expect(await linksTo('bob@example.org')).toBe(resumeLinkRule.perAddressPerDay);
    fx.clock.advance(24 * 3_600_000 + 1);
    await submit(fx.app, form, form, { email: 'bob@example.org' });
    expect(await linksTo('bob@example.org')).toBe(resumeLinkRule.perAddressPerDay + 1);
  });

  it('refuses a POST without its cookie-bound field (403), and shows a malformed address again (422)', async () => {
    fx = await createPageFixture();
    const page = await fx.app.request(form);
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
    const { csrf = '' } = formFields(await page.text(), form);
    // The do-not-contact form's field is no good here, nor is a missing cookie or another origin.
    const other = formFields((await getPage(fx.app, '/do-not-contact', { cookie })).html, '/do-not-contact');
    for (const [fields, headers] of [
      [{ csrf }, { origin }],
      [{ csrf: other.csrf ?? '' }, { origin, cookie }],
      [{ csrf }, { origin: 'https://evil.example', cookie }],
    ] as const) {
      const { status } = await postForm(fx.app, form, { ...fields, email: 'x@example.net' }, headers);
      expect(status).toBe(403);
    }
    expect(await linksTo('x@example.net')).toBe(0);
    const bad = await submit(fx.app, form, form, { email: 'not an address' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.html)).toContain('The address is not valid');
  });

  it('limits requests per client with a 429 page', async () => {
    fx = await createPageFixture({ rateLimit: createRateLimiter({ limit: 1, windowMs: 600_000 }) });
    expect((await submit(fx.app, form, form, { email: 'a@example.net' })).status).toBe(200);
    const limited = await submit(fx.app, form, form, { email: 'b@example.net' });
    expect(limited.status).toBe(429);
    expect(await linksTo('b@example.net')).toBe(0);
  });

  it('is offered from the do-not-contact page', async () => {
    fx = await createPageFixture();
    expect((await getPage(fx.app, '/do-not-contact')).html).toContain(`href="${form}"`);
  });
});

describe('GET and POST /do-not-contact/resume/:token', () => {
  it('shows one button and changes nothing on GET; POST lifts a complaint as the recipient, once', async () => {
    fx = await createPageFixture();
    const email = 'complainer@example.org';
    const key = fx.core.keyOf(email);
    const { invitation } = await fx.invitation(email);
    await applyInboundEvent(fx.core, {
      category: 'complaint',
      source: 'smtp',
      target: { addressKey: key, invitationId: invitation.id, messageId: null, via: 'verp' },
      feedbackType: 'abuse',
    });
    await suppress(fx.core, {
      key,
      scope: `inviter:${fx.inviter.id}`,
      reason: 'decline-block',
      source: 'link',
      actor: 'recipient',
    });
    const token = await mailedLink(email);
    const path = `${form}/${token}`;

    const page = await getPage(fx.app, path);
    expect(page.status).toBe(200);
    expect(page.html.match(/<button/g)).toHaveLength(1);
    expect(page.html).toContain('>Let people invite me again</button>');
    expect((await fx.core.store.findSuppressions(key)).find((s) => s.scope === 'global')?.reason).toBe(
      'complaint',
    );

    const done = await submit(fx.app, path, path);
    expect(done.status).toBe(200);
    expect(textOf(done.html)).toContain('Done: people can invite you again');
    const left = await fx.core.store.findSuppressions(key, fx.inviter.id);
    expect(left.map((s) => s.scope)).toEqual([`inviter:${fx.inviter.id}`]);
    expect((await fx.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
    const audit = await fx.core.store.listEvents('suppression', key);
    expect(audit.find((e) => e.action === 'suppression.lifted')).toMatchObject({
      actor: 'recipient',
      action: 'suppression.lifted',
      data: { scope: 'global', reason: 'complaint', source: 'mailed-link' },
    });

    // Once only: the same link again, by GET or POST, no longer works.
    expect((await getPage(fx.app, path)).status).toBe(404);
    const again = await postForm(fx.app, path, formFields(page.html, path), { origin });
    expect(again.status).toBe(404);
    expect(textOf(again.html)).toContain('This link no longer works');
  });

  it('works for fifteen minutes only, and refuses a POST without its CSRF field', async () => {
    fx = await createPageFixture();
    const email = 'late@example.org';
    await suppress(fx.core, {
      key: fx.core.keyOf(email),
      scope: 'global',
      reason: 'stop',
      source: 'link',
      actor: 'recipient',
    });
    const token = await mailedLink(email);
    const path = `${form}/${token}`;
    const { csrf = '' } = formFields((await getPage(fx.app, path)).html, path);
    expect((await postForm(fx.app, path, {}, { origin })).status).toBe(403);
    expect((await postForm(fx.app, path, { csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    fx.clock.advance(resumeLinkRule.validMinutes * 60_000 + 1);
    expect((await getPage(fx.app, path)).status).toBe(404);
    expect((await postForm(fx.app, path, { csrf }, { origin })).status).toBe(404);
    expect((await fx.core.store.findSuppressions(fx.core.keyOf(email)))[0]?.reason).toBe('stop');
    // A link of another purpose (a stop link's token) is no resume link.
    const stop = await fx.addressToken('stop', email);
    expect((await getPage(fx.app, `${form}/${stop}`)).status).toBe(404);
  });

  it('says there was nothing to change for an address that is not suppressed', async () => {
    fx = await createPageFixture();
    const token = await mailedLink('free@example.org');
    const done = await submit(fx.app, `${form}/${token}`, `${form}/${token}`);
    expect(done.status).toBe(200);
    expect(textOf(done.html)).toContain('Nothing to change');
  });
});
