import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withdrawInvitation } from '../../core/withdraw.js';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { formFields, getPage, postForm, submit, textOf } from '../../testing/page-test-requests.js';
import { csrfToken } from './csrf.js';

const origin = 'https://kindly.test';
let fx: PageFixture;

beforeEach(async () => {
  fx = await createPageFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

async function stateOf(id: string) {
  return (await fx.core.store.getInvitation(id))?.state;
}

async function suppressionsOf(email: string) {
  return fx.core.store.findSuppressions(fx.core.keyOf(email), fx.inviter.id);
}

describe('GET /r/:token', () => {
  it('shows who invites, the note, four buttons, why, the expiry and the postal address, and changes nothing', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org', 'Hello Bob,\nlet us keep in touch.');
    const { status, html, response } = await getPage(fx.app, `/r/${token}`);
    expect(status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const text = textOf(html);
    expect(text).toContain('Alice Smith invites you to connect on Kindly');
    expect(text).toContain('alice.smith@example.com');
    expect(text).toContain('Hello Bob,\nlet us keep in touch.'.replace('\n', ' '));
    expect(text).toContain(
      'Why did I get this? Alice Smith (alice.smith@example.com) entered your address on 3 March 2026.',
    );
    expect(text).toContain('open until 2 April 2026');
    expect(text).toContain('Kindly Ltd, 1 Example Street');
    for (const label of ['Accept', 'No thanks', 'Never e-mail me again', 'Block Alice Smith']) {
      expect(html).toContain(`<button type="submit" class="action">${label}</button>`);
    }
    for (const action of ['accept', 'decline', 'stop', 'block']) {
      expect(formFields(html, `/r/${token}/${action}`)).toEqual({ csrf: csrfToken(fx.deps.secret, token) });
    }
    expect(html).not.toMatch(/<script|style=/i);
    expect(await stateOf(invitation.id)).toBe('pending');
    expect(await suppressionsOf('bob@example.org')).toEqual([]);
  });

  it('shows member text as text: HTML in the note and the name is escaped', async () => {
    const { token } = await fx.invitation('bob@example.org', '<script>alert(1)</script> & <b>bold</b>');
    const { html } = await getPage(fx.app, `/r/${token}`);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('sends the strict page headers', async () => {
    const { token } = await fx.invitation('bob@example.org');
    const { response } = await getPage(fx.app, `/r/${token}`);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown, malformed and tampered tokens with a readable 404 page', async () => {
    const { token } = await fx.invitation('bob@example.org');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const stop = await fx.addressToken('stop', 'bob@example.org');
    for (const path of [
      '/r/AAAAAAAAAAAAAAAAAAAAAA',
      '/r/short',
      '/r/%3Cscript%3E',
      `/r/${'x'.repeat(300)}`,
      `/r/${tampered}`,
      `/r/${stop}`,
      `/r/${tampered}/accept`,
    ]) {
      const { status, html, response } = await getPage(fx.app, path);
      expect(status, path).toBe(404);
      expect(textOf(html)).toContain('This link is not valid');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('shows what became of an invitation that is no longer open, still offering the opt-outs', async () => {
    const cases: [string, (id: string, token: string) => Promise<unknown>, string][] = [
      [
        'declined',
        (_id, token) => submit(fx.app, `/r/${token}/decline`, `/r/${token}/decline`),
        'You declined',
      ],
      ['withdrawn', (id) => withdrawInvitation(fx.core, id), 'It was withdrawn by Alice Smith.'],
      ['stopped', (_id, token) => submit(fx.app, `/r/${token}`, `/r/${token}/stop`), 'is no longer open.'],
      ['expired', async () => fx.clock.advance(31 * 86_400_000), 'has expired'],
    ];
    for (const [name, close, words] of cases) {
      const { invitation, token } = await fx.invitation(`${name}@example.org`);
      await close(invitation.id, token);
      const { status, html } = await getPage(fx.app, `/r/${token}`);
      expect(status, name).toBe(200);
      expect(textOf(html), name).toContain('This invitation is no longer open');
      expect(textOf(html), name).toContain(words);
      expect(formFields(html, `/r/${token}/stop`).csrf).toBe(csrfToken(fx.deps.secret, token));
      expect(formFields(html, `/r/${token}/block`).csrf).toBe(csrfToken(fx.deps.secret, token));
      expect(html).not.toContain(`/r/${token}/accept`);
    }
  });
});

describe('GET /r/:token/<action>', () => {
  it('shows one confirm button and changes nothing', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    for (const [action, label] of [
      ['accept', 'Accept'],
      ['decline', 'No thanks'],
      ['block', 'Block Alice Smith'],
      ['stop', 'Never e-mail me again'],
    ]) {
      const { status, html } = await getPage(fx.app, `/r/${token}/${action}`);
      expect(status).toBe(200);
      expect(html.match(/<button/g)).toHaveLength(1);
      expect(html).toContain(`>${label}</button>`);
      expect(formFields(html, `/r/${token}/${action}`).csrf).toBe(csrfToken(fx.deps.secret, token));
    }
    expect(await stateOf(invitation.id)).toBe('pending');
    expect(await suppressionsOf('bob@example.org')).toEqual([]);
  });
});

describe('POST /r/:token/…', () => {
  it('declines, then offers never-again and block', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const { status, html } = await submit(fx.app, `/r/${token}`, `/r/${token}/decline`);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('You said no thanks');
    expect(formFields(html, `/r/${token}/stop`)).toBeDefined();
    expect(html).toContain('>Block Alice Smith</button>');
    expect(await stateOf(invitation.id)).toBe('declined');

    const again = await postForm(fx.app, `/r/${token}/decline`, { csrf: csrfToken(fx.deps.secret, token) });
    expect(again.status).toBe(409);
    expect(textOf(again.html)).toContain('This invitation is no longer open');
    expect(textOf(again.html)).toContain('You declined');
  });

  it('asks a non-member for a name, then connects them', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const first = await submit(fx.app, `/r/${token}`, `/r/${token}/accept`);
    expect(first.status).toBe(200);
    expect(textOf(first.html)).toContain('One more step: your name');
    expect(first.html).toContain('name="name"');
    expect(await stateOf(invitation.id)).toBe('pending');

    const blank = await postForm(fx.app, `/r/${token}/accept`, {
      ...formFields(first.html, `/r/${token}/accept`),
      name: ' ',
    });
    expect(blank.status).toBe(422);
    expect(textOf(blank.html)).toContain('A name must not be empty.');
    expect(blank.html).toContain('aria-invalid="true"');

    const named = await postForm(fx.app, `/r/${token}/accept`, {
      ...formFields(blank.html, `/r/${token}/accept`),
      name: 'Bob <b>Jones</b>',
    });
    expect(named.status).toBe(200);
    expect(textOf(named.html)).toContain('You and Alice Smith are now connected');
    expect(await stateOf(invitation.id)).toBe('accepted');
    const bob = await fx.core.store.findMemberByEmailKey(fx.core.keyOf('bob@example.org'));
    expect(bob?.name).toBe('Bob <b>Jones</b>');
    expect(await fx.core.store.listConnections(fx.inviter.id)).toHaveLength(1);
  });

  it.each([
    ['the brand', 'Kindly Support', /must not contain "Kindly" or anything that looks like it/],
    ['a look-alike of the brand', 'K\u0456ndly', /must not contain "Kindly"/],
    ['a right-to-left override', 'Bob\u202e ylkniK', /text-direction control U\+202E/],
    ['only a Hangul filler', '\u3164', /invisible characters; remove U\+3164/],
    ['a domain', 'verify at evil.example', /domain name \('evil\.example'\)/],
    ['an encoded word', '=?utf-8?B?Qm9i?=', /encoded words/],
    ['NEL', 'Bob\u0085Jones', /control characters; remove U\+0085/],
    ['no letter', '!!!', /at least one letter or digit/],
  ])('refuses a sign-up name with %s on a readable page, and accepts nothing', async (_what, name, says) => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const first = await submit(fx.app, `/r/${token}`, `/r/${token}/accept`);
    const refused = await postForm(fx.app, `/r/${token}/accept`, {
      ...formFields(first.html, `/r/${token}/accept`),
      name,
    });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain('One more step: your name');
    expect(textOf(refused.html)).toMatch(says);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('aria-invalid="true"');
    expect(await stateOf(invitation.id)).toBe('pending');
    expect(await fx.core.store.findMemberByEmailKey(fx.core.keyOf('bob@example.org'))).toBeUndefined();
  });

  it('connects a member at once', async () => {
    const { createMember } = await import('../../core/members.js');
    await createMember(fx.core, { email: 'carol@example.org', name: 'Carol' });
    const { invitation, token } = await fx.invitation('carol@example.org');
    const { status, html } = await submit(fx.app, `/r/${token}/accept`, `/r/${token}/accept`);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('You and Alice Smith are now connected');
    expect(await stateOf(invitation.id)).toBe('accepted');
    const later = await getPage(fx.app, `/r/${token}`);
    expect(textOf(later.html)).toContain('You accepted it: you and Alice Smith are connected.');
  });

  it('blocks the inviter: a scoped suppression, and the invitation becomes undeliverable', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const { status, html } = await submit(fx.app, `/r/${token}`, `/r/${token}/block`);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('Alice Smith is blocked');
    expect((await suppressionsOf('bob@example.org')).map((s) => s.scope)).toEqual([
      `inviter:${fx.inviter.id}`,
    ]);
    expect(await stateOf(invitation.id)).toBe('undeliverable');
  });

  it('never e-mails again: a global suppression', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const { status, html } = await submit(fx.app, `/r/${token}`, `/r/${token}/stop`);
    expect(status).toBe(200);
    expect(textOf(html)).toContain('Done: Kindly will never e-mail you again');
    expect((await suppressionsOf('bob@example.org')).map((s) => s.scope)).toEqual(['global']);
    expect(await stateOf(invitation.id)).toBe('undeliverable');
  });

  it('still blocks and stops after a decline', async () => {
    const { token } = await fx.invitation('bob@example.org');
    const declined = await submit(fx.app, `/r/${token}`, `/r/${token}/decline`);
    const csrf = formFields(declined.html, `/r/${token}/block`);
    expect((await postForm(fx.app, `/r/${token}/block`, csrf, { origin })).status).toBe(200);
    expect((await postForm(fx.app, `/r/${token}/stop`, csrf, { origin })).status).toBe(200);
    expect((await suppressionsOf('bob@example.org')).map((s) => s.scope).sort()).toEqual([
      'global',
      `inviter:${fx.inviter.id}`,
    ]);
  });

  it('refuses a missing or wrong CSRF field, or another origin, with a 403 page that changes nothing', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const other = await fx.invitation('carol@example.org');
    const good = csrfToken(fx.deps.secret, token);
    const attempts: [Record<string, string>, Record<string, string>][] = [
      [{}, {}],
      [{ csrf: '' }, {}],
      [{ csrf: csrfToken(fx.deps.secret, other.token) }, {}],
      [{ csrf: csrfToken('another-secret', token) }, {}],
      [{ csrf: good }, { origin: 'https://evil.example' }],
      [{ csrf: good }, { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ];
    for (const action of ['accept', 'decline', 'block', 'stop']) {
      for (const [fields, headers] of attempts) {
        const { status, html } = await postForm(fx.app, `/r/${token}/${action}`, fields, headers);
        expect(status, `${action} ${JSON.stringify([fields, headers])}`).toBe(403);
        expect(textOf(html)).toContain('This form could not be sent');
      }
    }
    expect(await stateOf(invitation.id)).toBe('pending');
    expect(await suppressionsOf('bob@example.org')).toEqual([]);
  });

  it('accepts a form from a browser that sends Origin: null under no-referrer, when Sec-Fetch-Site agrees', async () => {
    const { invitation, token } = await fx.invitation('bob@example.org');
    const { status } = await postForm(
      fx.app,
      `/r/${token}/decline`,
      { csrf: csrfToken(fx.deps.secret, token) },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(status).toBe(200);
    expect(await stateOf(invitation.id)).toBe('declined');
  });

  it('answers a POST with a valid form but an unknown token with the 404 page', async () => {
    const token = 'AAAAAAAAAAAAAAAAAAAAAA';
    const { status, html } = await postForm(fx.app, `/r/${token}/decline`, {
      csrf: csrfToken(fx.deps.secret, token),
    });
    expect(status).toBe(404);
    expect(textOf(html)).toContain('This link is not valid');
  });

  it('refuses an oversized form body', async () => {
    const { token } = await fx.invitation('bob@example.org');
    const { status } = await postForm(fx.app, `/r/${token}/accept`, {
      csrf: csrfToken(fx.deps.secret, token),
      name: 'x'.repeat(20_000),
    });
    expect(status).toBe(413);
  });
});
