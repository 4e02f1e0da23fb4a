/**
 * Expiry: 30 days by default (an operator may choose 1–90), then `expired`, no more mail, and the
 * landing page says so while still offering "never e-mail me again".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formFields, getPage, submit, textOf } from '../testing/page-test-requests.js';
import { createRulesHarness, kindOf, landingTokens, type RulesHarness } from '../testing/rules-harness.js';

describe('expiry', () => {
  let h: RulesHarness;
  afterEach(() => h.close());

  async function invited(rules = {}) {
    h = await createRulesHarness({ rules });
    const alice = (await h.member('Alice')).id;
    const created = await (
      await h.call('POST', '/v1/invitations', { inviterId: alice, email: 'bob@example.net' })
    ).json();
    await h.drain();
    const [token] = landingTokens(h.peer.received[0] ?? ({} as never));
    if (!token) throw new Error('no landing link');
    return { id: created.id as string, expiresAt: created.expiresAt as string, token };
  }

  it('expires an unanswered invitation after 30 days, and the page says so but still offers to stop', async () => {
    const { id, expiresAt, token } = await invited();
    expect(expiresAt).toBe('2026-04-02T09:00:00.000Z');
    h.advanceDays(29);
    await h.drain();
    expect((await (await h.call('GET', `/v1/invitations/${id}`)).json()).status).toBe('pending');
    h.advanceDays(1);
    await h.drain();
    const expired = await (await h.call('GET', `/v1/invitations/${id}`)).json();
    expect(expired).toMatchObject({
      status: 'expired',
      closedAt: '2026-04-02T09:00:00.000Z',
      reminders: { nextAt: null },
    });

    const page = await getPage(h.app, `/r/${token}`);
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('This invitation from Alice has expired.');
    expect(formFields(page.html, `/r/${token}/stop`)).toHaveProperty('csrf');
    expect(page.html).not.toContain(`/r/${token}/accept"`);
    expect((await submit(h.app, `/r/${token}`, `/r/${token}/stop`)).status).toBe(200);
    const check = await (await h.call('GET', '/v1/suppressions/check?email=bob%40example.net')).json();
    expect(check).toMatchObject({ suppressed: true, reason: 'stop' });

    h.advanceDays(60);
    await h.drain();
    expect(h.peer.received.map(kindOf)).toEqual(['invitation', 'reminder']);
  });

  it('follows the expiry an operator chose', async () => {
    const { id, expiresAt } = await invited({ expiryDays: 5 });
    expect(expiresAt).toBe('2026-03-08T09:00:00.000Z');
    h.advanceDays(5);
    await h.drain();
    expect((await (await h.call('GET', `/v1/invitations/${id}`)).json()).status).toBe('expired');
    expect(h.peer.received.map(kindOf)).toEqual(['invitation']);
  });
});
