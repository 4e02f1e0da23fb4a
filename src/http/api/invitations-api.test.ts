import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

describe('invitations API', () => {
  let t: TestApp;
  let alice: string;

  beforeEach(async () => {
    t = await createTestApp();
    const created = await t.call('POST', '/v1/members', { email: 'alice@example.org', name: 'Alice Archer' });
    alice = (await created.json()).id;
  });
  afterEach(() => t.cleanup());

  it('creates an invitation with the documented shape', async () => {
    const response = await t.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'bob@example.net',
      note: 'Hello',
      reminders: 2,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toMatch(/^\/v1\/invitations\/inv_/);
    const body = await response.json();
    expect(body).toMatchObject({
      inviterId: alice,
      recipient: { email: 'bob@example.net' },
      status: 'pending',
      delivery: 'queued',
      note: 'Hello',
      reminders: { planned: 2, sent: 0, nextAt: '2026-03-10T09:00:00.000Z' },
      expiresAt: '2026-04-02T09:00:00.000Z',
    });
    expect((await t.call('GET', `/v1/invitations/${body.id}`)).status).toBe(200);
  });

  it('answers a repeated invitation with the pending one, also for a gmail variant, and queues one message', async () => {
    const first = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'bob.b@gmail.com' });
    const again = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'Bob.B@gmail.com' });
    const variant = await t.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'bobb+x@googlemail.com',
    });
    expect([first.status, again.status, variant.status]).toEqual([201, 200, 200]);
    const id = (await first.json()).id;
    expect((await again.json()).id).toBe(id);
    expect((await variant.json()).id).toBe(id);
    expect(await t.core.store.listMessagesForInvitation(id)).toHaveLength(1);
  });

  it('gives two racing identical requests one invitation', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.call('POST', '/v1/invitations', { inviterId: alice, email: 'race@example.net' }),
      ),
    );
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
  });

  it('answers an invitation to a member address exactly like one to a stranger', async () => {
    await t.call('POST', '/v1/members', { email: 'member@example.net', name: 'Mia Member' });
    const toMember = await (
      await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'member@example.net' })
    ).json();
    const toStranger = await (
      await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'nobody@example.net' })
    ).json();
    const shape = (body: Record<string, unknown>) =>
      JSON.stringify(body, (key, value) => (['id', 'email'].includes(key) ? '·' : value));
    expect(shape(toMember)).toBe(shape(toStranger));
  });

  it('tells the operator the truth about an invitation to a suppressed address: undeliverable, never sent', async () => {
    expect((await t.call('POST', '/v1/suppressions', { email: 'gone@example.net' })).status).toBe(201);
    const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'gone@example.net' });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'closedAt',
        'createdAt',
        'delivery',
        'expiresAt',
        'id',
        'inviterId',
        'note',
        'recipient',
        'reminders',
        'status',
      ].sort(),
    );
    expect(body.status).toBe('undeliverable');
    expect(JSON.stringify(body)).not.toMatch(/suppress|bounce|block|stop/i);
    // Its one message is written final, so the request costs what anybody's does; it never goes.
    const messages = await t.core.store.listMessagesForInvitation(body.id);
    expect(messages.map((m) => m.state)).toEqual(['suppressed']);
  });

  it('pages through invitations with a cursor, newest first, filtered by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      const r = await t.call('POST', '/v1/invitations', { inviterId: alice, email: `p${i}@example.net` });
      ids.push((await r.json()).id);
    }
    await t.call('POST', `/v1/invitations/${ids[0]}/withdraw`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/invitations?inviterId=${alice}&status=pending&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await (await t.call('GET', query)).json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.slice(1).reverse());
    expect((await t.call('GET', '/v1/invitations?cursor=bm9wZQ')).status).toBe(422);
    expect((await t.call('GET', '/v1/invitations?status=maybe')).status).toBe(422);
  });

  it('withdraws once: a second withdrawal is a clear conflict', async () => {
    const id = (
      await (await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'w@example.net' })).json()
    ).id;
    const first = await t.call('POST', `/v1/invitations/${id}/withdraw`);
    expect(first.status).toBe(200);
    expect((await first.json()).status).toBe('withdrawn');
    const [message] = await t.core.store.listMessagesForInvitation(id);
    expect(message?.state).toBe('cancelled');
    const second = await t.call('POST', `/v1/invitations/${id}/withdraw`);
    expect(second.status).toBe(409);
    expect((await second.json()).code).toBe('invitation_not_pending');
    expect((await t.call('POST', '/v1/invitations/inv_nope/withdraw')).status).toBe(404);
  });

  it('lets a member invite a member by id', async () => {
    const bob = (
      await (await t.call('POST', '/v1/members', { email: 'bob@example.org', name: 'Bob' })).json()
    ).id;
    const response = await t.call('POST', '/v1/invitations', { inviterId: alice, memberId: bob });
    expect(response.status).toBe(201);
    expect((await response.json()).recipient).toEqual({ memberId: bob });
  });
});
