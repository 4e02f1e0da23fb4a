import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { formFields, getPage, textOf } from '../../testing/page-test-requests.js';

let fx: PageFixture;

beforeEach(async () => {
  fx = await createPageFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

async function globalSuppression(email: string) {
  return (await fx.core.store.findSuppressions(fx.core.keyOf(email))).find((s) => s.scope === 'global');
}

describe('GET /u/:token', () => {
  it('shows one button and changes nothing', async () => {
    const token = await fx.addressToken('stop', 'bob@example.org');
    const { status, html, response } = await getPage(fx.app, `/u/${token}`);
    expect(status).toBe(200);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('>Never e-mail me again</button>');
    expect(formFields(html, `/u/${token}`)).toEqual({});
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await globalSuppression('bob@example.org')).toBeUndefined();
  });

  it('answers an unknown or wrong-purpose token with the 404 page', async () => {
    const { token: landing } = await fx.invitation('bob@example.org');
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAA', landing, 'nope']) {
      const { status, html } = await getPage(fx.app, `/u/${token}`);
      expect(status).toBe(404);
      expect(textOf(html)).toContain('This link is not valid');
    }
  });
});

describe('POST /u/:token (RFC 8058)', () => {
  it('suppresses globally on the one-click body, without CSRF, cookies or Origin, and answers 200', async () => {
    const { invitation } = await fx.invitation('bob@example.org');
    const token = await fx.addressToken('stop', 'bob@example.org');
    const response = await fx.app.request(`/u/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(textOf(await response.text())).toContain('Done: Kindly will never e-mail you again');
    const suppression = await globalSuppression('bob@example.org');
    expect(suppression).toMatchObject({ reason: 'stop', source: 'one-click' });
    // Every spelling of the address is covered, and the pending invitation will not be mailed.
    expect(await globalSuppression('BOB@Example.ORG')).toBeDefined();
    expect((await fx.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
  });

  it('accepts the one-click body as multipart/form-data', async () => {
    const token = await fx.addressToken('stop', 'bob@example.org');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const response = await fx.app.request(`/u/${token}`, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(await globalSuppression('bob@example.org')).toMatchObject({ source: 'one-click' });
  });

  it('suppresses from the page form too, recorded as a link click', async () => {
    const token = await fx.addressToken('stop', 'bob@example.org');
    const response = await fx.app.request(`/u/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(response.status).toBe(200);
    expect(await globalSuppression('bob@example.org')).toMatchObject({ source: 'link' });
  });

  it('is idempotent', async () => {
    const token = await fx.addressToken('stop', 'bob@example.org');
    for (let i = 0; i < 2; i++) {
      const response = await fx.app.request(`/u/${token}`, {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
    }
  });

  it('answers an unknown token with the 404 page and suppresses nothing', async () => {
    const response = await fx.app.request('/u/AAAAAAAAAAAAAAAAAAAAAA', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(404);
  });
});
