/**
 * The block page promises that the inviter "will not be told that you blocked them". Through every
 * read an inviter's app has, a block reads exactly like "no thanks": the invitation, the list and its
 * filters, the re-invite refusal, and later a new invitation that reads like anybody's but is never
 * sent. Only the operator's token sees the truth. Real SQLite, a real SMTP peer, the real pages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitationStates } from '../../core/model.js';
import { getPage, submit, textOf } from '../../testing/page-test-requests.js';
import { createRulesHarness, landingTokens, type RulesHarness } from '../../testing/rules-harness.js';
import type { JsonResponse } from '../../testing/test-app.js';

describe('the block page’s promise', () => {
  let h: RulesHarness;
  let appToken: string;
  let alice: string;
  beforeEach(async () => {
    h = await createRulesHarness();
    appToken = (await (await h.call('POST', '/v1/tokens', { name: 'the network app' })).json()).token;
    alice = (await h.member('Alice')).id;
  });
  afterEach(() => h.close());

  const asApp = (method: string, path: string, body?: unknown) => h.callWith(appToken, method, path, body);

  /** Status, headers and body, with what names the invitation or its recipient taken out. */
  async function seen(response: JsonResponse, names: string[]) {
    let text = await response.text();
    for (const name of names) text = text.replaceAll(name, '·');
    const headers = [...response.headers].map(([key, value]) =>
      names.reduce((v, name) => v.replaceAll(name, '·'), `${key}: ${value}`),
    );
    return { status: response.status, headers: headers.sort(), body: JSON.parse(text) as unknown };
  }

  /** Alice invites Bob and Dan as her app; both get the mail. Returns each one's id and landing token. */
  async function invitedAndMailed() {
    const bob = (
      await (await asApp('POST', '/v1/invitations', { inviterId: alice, email: 'bob@example.net' })).json()
    ).id;
    const dan = (
      await (await asApp('POST', '/v1/invitations', { inviterId: alice, email: 'dan@example.net' })).json()
    ).id;
    await h.drain();
    const tokenTo = (to: string) =>
      landingTokens(h.peer.received.find((m) => m.envelopeTo.includes(to)) ?? ({} as never))[0] ?? '';
    return { bob, dan, bobToken: tokenTo('bob@example.net'), danToken: tokenTo('dan@example.net') };
  }

  async function statusesOf(ids: string[]) {
    const found: Record<string, number> = {};
    for (const status of invitationStates) {
      const page = await (await asApp('GET', `/v1/invitations?inviterId=${alice}&status=${status}`)).json();
      found[status] = page.items.filter((item: { id: string }) => ids.includes(item.id)).length;
    }
    return found;
  }

  it('keeps it: a block reads as "no thanks" in every answer the inviter’s app can get', async () => {
    const { bob, dan, bobToken, danToken } = await invitedAndMailed();
    const promise = 'will not be told that you blocked them';
    expect(textOf((await getPage(h.app, `/r/${bobToken}/block`)).html)).toContain(promise);
    const blocked = await submit(h.app, `/r/${bobToken}/block`, `/r/${bobToken}/block`);
    expect(textOf(blocked.html)).toContain(promise);
    expect((await submit(h.app, `/r/${danToken}/decline`, `/r/${danToken}/decline`)).status).toBe(200);

    const bobNames = [bob, 'bob@example.net'];
    const danNames = [dan, 'dan@example.net'];
    const bobRead = await seen(await asApp('GET', `/v1/invitations/${bob}`), bobNames);
    expect(bobRead).toEqual(await seen(await asApp('GET', `/v1/invitations/${dan}`), danNames));
    expect(bobRead.body).toMatchObject({ status: 'declined' });
    expect(await statusesOf([bob])).toEqual(await statusesOf([dan]));
    expect((await statusesOf([bob])).declined).toBe(1);
    // Withdrawing either is the same conflict.
    expect(await seen(await asApp('POST', `/v1/invitations/${bob}/withdraw`), bobNames)).toEqual(
      await seen(await asApp('POST', `/v1/invitations/${dan}/withdraw`), danNames),
    );

    // Asking again within the "no thanks" wait: the same 409, Retry-After and words.
    h.advanceDays(1);
    const again = (email: string) => asApp('POST', '/v1/invitations', { inviterId: alice, email });
    const bobAgain = await seen(await again('bob@example.net'), bobNames);
    expect(bobAgain).toEqual(await seen(await again('dan@example.net'), danNames));
    expect(bobAgain).toMatchObject({ status: 409, body: { code: 'reinvite_after_decline' } });

    // The operator's token sees the truth.
    expect(await (await h.call('GET', `/v1/invitations/${bob}`)).json()).toMatchObject({
      status: 'undeliverable',
    });
    expect(await (await h.call('GET', `/v1/invitations/${dan}`)).json()).toMatchObject({
      status: 'declined',
    });

    // After the wait: a new invitation each, answered and read alike for a month; Dan's is mailed,
    // Bob's never is, and both expire.
    h.advanceDays(180);
    const sent = h.peer.received.length;
    const bob2 = await again('bob@example.net');
    const dan2 = await again('dan@example.net');
    const idOf = async (response: JsonResponse) => ((await response.clone().json()) as { id: string }).id;
    const ids = { bob: await idOf(bob2), dan: await idOf(dan2) };
    const names2 = { bob: [ids.bob, 'bob@example.net'], dan: [ids.dan, 'dan@example.net'] };
    expect(await seen(bob2, names2.bob)).toEqual(await seen(dan2, names2.dan));
    for (const days of [0, 8, 30]) {
      h.advanceDays(days);
      await h.drain();
      const read = await seen(await asApp('GET', `/v1/invitations/${ids.bob}`), names2.bob);
      expect(read).toEqual(await seen(await asApp('GET', `/v1/invitations/${ids.dan}`), names2.dan));
      expect(await statusesOf([ids.bob])).toEqual(await statusesOf([ids.dan]));
    }
    expect(await (await asApp('GET', `/v1/invitations/${ids.bob}`)).json()).toMatchObject({
      status: 'expired',
    });
    const later = h.peer.received.slice(sent).flatMap((m) => m.envelopeTo);
    expect(later).toContain('dan@example.net');
    expect(later).not.toContain('bob@example.net');
  });

  it('tells a block through an invitation a "never e-mail me again" had closed, and never the opt-out itself', async () => {
    const { bob, dan, bobToken, danToken } = await invitedAndMailed();
    // Both opt out of everything from Alice's invitation; only Bob then blocks her too.
    expect((await submit(h.app, `/r/${bobToken}/stop`, `/r/${bobToken}/stop`)).status).toBe(200);
    expect((await submit(h.app, `/r/${danToken}/stop`, `/r/${danToken}/stop`)).status).toBe(200);
    const read = async (id: string) => (await asApp('GET', `/v1/invitations/${id}`)).json();
    expect(await read(bob)).toMatchObject({ status: 'pending' });
    expect((await submit(h.app, `/r/${bobToken}/block`, `/r/${bobToken}/block`)).status).toBe(200);
    expect(await read(bob)).toMatchObject({ status: 'declined' });
    // Dan's opt-out is his own business: pending, then expired, as if he never answered.
    expect(await read(dan)).toMatchObject({ status: 'pending', closedAt: null });
    h.advanceDays(31);
    expect(await read(dan)).toMatchObject({ status: 'expired' });
  });
});
