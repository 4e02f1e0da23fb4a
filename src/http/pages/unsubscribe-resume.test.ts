import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import type { SuppressionReason } from '../../core/model.js';
import { suppress } from '../../core/suppress.js';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { formFields, getPage, postForm, submit, textOf } from '../../testing/page-test-requests.js';
import { createRateLimiter } from '../middleware/rate-limit.js';
import { csrfToken } from './csrf.js';
import { resumeScope } from './unsubscribe-routes.js';

const bob = 'bob@example.org';
const origin = { origin: 'https://kindly.test' };
let fx: PageFixture;

async function setUp(options: Parameters<typeof createPageFixture>[0] = {}) {
  fx = await createPageFixture(options);
}
beforeEach(() => setUp());
afterEach(async () => {
  await fx.cleanup();
});

function suppressBob(reason: SuppressionReason, scope: 'global' | `inviter:${string}` = 'global') {
  return suppress(fx.core, { key: fx.core.keyOf(bob), scope, reason, source: 'test', actor: 'system' });
}

async function scopes(): Promise<string[]> {
  const found = await fx.core.store.findSuppressions(fx.core.keyOf(bob), fx.inviter.id);
  return found.map((s) => s.scope).sort();
}

async function lifts() {
  const events = await fx.core.store.listEvents('suppression', fx.core.keyOf(bob));
  return events.filter((e) => e.action === 'suppression.lifted');
}

describe('GET /u/:token on a suppressed address', () => {
  it('offers the resume form beside the stop button, and changes nothing', async () => {
    await suppressBob('complaint');
    const token = await fx.addressToken('stop', bob);
    for (let i = 0; i < 2; i++) {
      const { status, html } = await getPage(fx.app, `/u/${token}`);
      expect(status).toBe(200);
      expect(textOf(html)).toContain('Changed your mind? Let people invite you again.');
      expect(html).toContain('>Never e-mail me again</button>');
      expect(html).toContain('>Let people invite me again</button>');
      expect(formFields(html, `/u/${token}/resume`)).toEqual({
        csrf: csrfToken(fx.deps.secret, resumeScope(token)),
      });
    }
    expect(await scopes()).toEqual(['global']);
    expect(await lifts()).toEqual([]);
  });

  it('offers no resume while the address is not suppressed', async () => {
    await suppressBob('decline-block', `inviter:${fx.inviter.id}`);
    const token = await fx.addressToken('stop', bob);
    const { html } = await getPage(fx.app, `/u/${token}`);
    expect(html).not.toContain(`/u/${token}/resume`);
    expect(html.match(/<button/g)).toHaveLength(1);
  });
});

describe('POST /u/:token/resume', () => {
  it('refuses a post without the form CSRF field, the one-click body included, and lifts nothing', async () => {
    await suppressBob('stop');
    const token = await fx.addressToken('stop', bob);
    const path = `/u/${token}/resume`;
    const attempts = [
      () => postForm(fx.app, path, {}, origin),
      () => postForm(fx.app, path, { 'List-Unsubscribe': 'One-Click' }),
      () => postForm(fx.app, path, { 'List-Unsubscribe': 'One-Click' }, origin),
      // The token's own scope, which a landing-style form would carry, is not the resume form's.
      () => postForm(fx.app, path, { csrf: csrfToken(fx.deps.secret, token) }, origin),
      // The right field from another site.
      () => submit(fx.app, `/u/${token}`, path, {}, 'https://evil.example'),
    ];
    for (const attempt of attempts) {
      const { status, html } = await attempt();
      expect(status).toBe(403);
      expect(textOf(html)).toContain('This form could not be sent');
    }
    expect(await scopes()).toEqual(['global']);
    expect(await lifts()).toEqual([]);
  });

  it('lifts even a complaint suppression, recorded as the recipient, and the address can be invited again', async () => {
    const { invitation: closed } = await fx.invitation(bob);
    await suppressBob('complaint');
    const token = await fx.addressToken('stop', bob);
    const { status, html } = await submit(fx.app, `/u/${token}`, `/u/${token}/resume`);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain('Done: people can invite you again');
    expect(text).toContain('The same link stops them');
    expect(html).toContain(`href="/u/${token}"`);

    expect(await scopes()).toEqual([]);
    expect(await lifts()).toMatchObject([
      { actor: 'recipient', data: { scope: 'global', reason: 'complaint', source: 'link' } },
    ]);
    // The invitation the complaint closed stays closed (its inviter still sees it pending, so asking
    // again answers it); a new one from anybody else goes out as usual.
    expect((await fx.core.store.getInvitation(closed.id))?.state).toBe('undeliverable');
    fx.clock.advance(1000);
    expect((await fx.invitation('Bob@Example.org')).invitation.id).toBe(closed.id);
    const carol = await createMember(fx.core, { email: 'carol@example.com', name: 'Carol' });
    const { invitation: fresh } = await invite(fx.core, { inviterId: carol.id, email: 'Bob@Example.org' });
    expect(fresh.state).toBe('pending');
  });

  it('keeps the blocks of single inviters', async () => {
    await suppressBob('decline-block', `inviter:${fx.inviter.id}`);
    await suppressBob('stop');
    const token = await fx.addressToken('stop', bob);
    expect((await submit(fx.app, `/u/${token}`, `/u/${token}/resume`)).status).toBe(200);
    expect(await scopes()).toEqual([`inviter:${fx.inviter.id}`]);
    const { invitation } = await fx.invitation(bob);
    expect(invitation.state).toBe('undeliverable');
  });

  it('answers an address that is not suppressed with a clear page and changes nothing', async () => {
    await suppressBob('decline-block', `inviter:${fx.inviter.id}`);
    const token = await fx.addressToken('stop', bob);
    const csrf = csrfToken(fx.deps.secret, resumeScope(token));
    const { status, html } = await postForm(fx.app, `/u/${token}/resume`, { csrf }, origin);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('Nothing to change');
    expect(textOf(html)).toContain('Nothing has changed');
    expect(await scopes()).toEqual([`inviter:${fx.inviter.id}`]);
    expect(await lifts()).toEqual([]);
  });

  it('answers a second press with the same clear page', async () => {
    await suppressBob('hard-bounce');
    const token = await fx.addressToken('stop', bob);
    const fields = formFields((await getPage(fx.app, `/u/${token}`)).html, `/u/${token}/resume`);
    expect((await postForm(fx.app, `/u/${token}/resume`, fields, origin)).status).toBe(200);
    const again = await postForm(fx.app, `/u/${token}/resume`, fields, origin);
    expect(textOf(again.html)).toContain('Nothing to change');
    expect(await lifts()).toHaveLength(1);
  });

  it('answers a tampered, unknown or wrong-purpose token with the 404 page and lifts nothing', async () => {
    await suppressBob('stop');
    const token = await fx.addressToken('stop', bob);
    const fields = formFields((await getPage(fx.app, `/u/${token}`)).html, `/u/${token}/resume`);
    const { token: landing } = await fx.invitation(bob);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [tampered, 'AAAAAAAAAAAAAAAAAAAAAA', landing, 'nope']) {
      expect((await getPage(fx.app, `/u/${bad}`)).status).toBe(404);
      const csrf = csrfToken(fx.deps.secret, resumeScope(bad));
      for (const form of [fields, { csrf }]) {
        const { status, html } = await postForm(fx.app, `/u/${bad}/resume`, form, origin);
        expect(status).toBe(404);
        expect(textOf(html)).toContain('This link is not valid');
      }
    }
    expect(await scopes()).toEqual(['global']);
    expect(await lifts()).toEqual([]);
  });

  it('is rate-limited per client like the other public form posts', async () => {
    await fx.cleanup();
    await setUp({ rateLimit: createRateLimiter({ limit: 1, windowMs: 60_000 }) });
    await suppressBob('stop');
    const token = await fx.addressToken('stop', bob);
    expect((await submit(fx.app, `/u/${token}`, `/u/${token}/resume`)).status).toBe(200);
    await suppressBob('stop');
    const refused = await submit(fx.app, `/u/${token}`, `/u/${token}/resume`);
    expect(refused.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).not.toBeNull();
    expect(await scopes()).toEqual(['global']);
  });
});
