/** `POST /v1/invitations/withdraw`: many at once, by age or by id, cancelling their queued mail. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRulesHarness, kindOf, type RulesHarness } from '../../testing/rules-harness.js';

describe('bulk withdraw', () => {
  let h: RulesHarness;
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    h = await createRulesHarness();
    alice = (await h.member('Alice')).id;
    bob = (await h.member('Bob')).id;
  });
  afterEach(() => h.close());

  async function invite(inviterId: string, email: string): Promise<string> {
    const response = await h.call('POST', '/v1/invitations', { inviterId, email, reminders: 2 });
    expect(response.status).toBe(201);
    return (await response.json()).id;
  }
  const status = async (id: string) => (await (await h.call('GET', `/v1/invitations/${id}`)).json()).status;
  const withdraw = (body: unknown) => h.call('POST', '/v1/invitations/withdraw', body);

  it('withdraws by age, by id and then all, counting only what it withdrew', async () => {
    const old1 = await invite(alice, 'a1@example.net');
    const old2 = await invite(alice, 'a2@example.net');
    h.advanceDays(3);
    const mid1 = await invite(alice, 'a3@example.net');
    const mid2 = await invite(alice, 'a4@example.net');
    h.advanceDays(3);
    const young = await invite(alice, 'a5@example.net');
    const bobs = await invite(bob, 'b1@example.net');
    await h.drain();

    const byAge = await withdraw({ inviterId: alice, olderThanDays: 5 });
    expect(byAge.status).toBe(200);
    expect(await byAge.json()).toEqual({ withdrawn: 2 });
    expect([await status(old1), await status(old2), await status(mid1)]).toEqual([
      'withdrawn',
      'withdrawn',
      'pending',
    ]);

    // Only the inviter's own pending ones count: Bob's id and an already withdrawn one are left alone.
    expect(await (await withdraw({ inviterId: alice, ids: [mid1, bobs, old1, 'inv_nope'] })).json()).toEqual({
      withdrawn: 1,
    });
    expect(await status(bobs)).toBe('pending');

    expect(await (await withdraw({ inviterId: alice })).json()).toEqual({ withdrawn: 2 });
    expect([await status(mid2), await status(young)]).toEqual(['withdrawn', 'withdrawn']);
    expect(await (await withdraw({ inviterId: alice })).json()).toEqual({ withdrawn: 0 });

    // Their reminders were cancelled with them; Bob's still come.
    for (const id of [old1, old2, mid1, mid2, young]) {
      const messages = await h.core.store.listMessagesForInvitation(id);
      expect(messages.filter((m) => m.state === 'queued')).toEqual([]);
    }
    for (let week = 0; week < 3; week += 1) {
      h.advanceDays(7);
      await h.drain();
    }
    const reminders = h.peer.received.filter((m) => kindOf(m) === 'reminder');
    expect(reminders.map((m) => m.envelopeTo[0])).toEqual(['b1@example.net', 'b1@example.net']);
  });

  it('cancels invitation mail not sent yet', async () => {
    await invite(alice, 'a1@example.net');
    await invite(alice, 'a2@example.net');
    expect(await (await withdraw({ inviterId: alice })).json()).toEqual({ withdrawn: 2 });
    await h.drain();
    expect(h.peer.received).toHaveLength(0);
  });

  it('refuses bad requests with a problem', async () => {
    for (const [body, code] of [
      [{ inviterId: 'mem_nobody' }, 'unknown_member'],
      [{ inviterId: alice, olderThanDays: -1 }, 'invalid_input'],
      [{ inviterId: alice, olderThanDays: 1.5 }, 'invalid_input'],
      [{ inviterId: alice, ids: 'inv_x' }, 'invalid_input'],
      [{ inviterId: alice, all: true }, 'invalid_input'],
      [{}, 'invalid_input'],
    ] as const) {
      const response = await withdraw(body);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ code });
    }
  });
});
