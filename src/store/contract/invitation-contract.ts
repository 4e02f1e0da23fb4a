import { expect, it } from 'vitest';
import type { Invitation, InvitationState } from '../../core/model.js';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, invitation, member, pad } from './fixtures.js';

export function invitationContract(ctx: ContractContext): void {
  const setup = async () => {
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertMember(member('mem_b'));
    await ctx.store.insertMember(member('mem_r'));
  };

  it('inserts an invitation and reads it by id and as the pending one for its pair', async () => {
    await setup();
    const inv = invitation('inv_1', 'mem_a', {
      note: 'Hi — "quoted" <b>not html</b>',
      recipientMemberId: 'mem_r',
    });
    await ctx.store.insertInvitation(inv);
    expect(await ctx.store.getInvitation('inv_1')).toEqual(inv);
    expect(await ctx.store.findPendingInvitation('mem_a', inv.recipientKey)).toEqual(inv);
    expect(await ctx.store.findPendingInvitation('mem_b', inv.recipientKey)).toBeUndefined();
    expect(await ctx.store.getInvitation('inv_nope')).toBeUndefined();
    // Open to its inviter until the promised expiry, also when it was written closed in truth.
    expect(await ctx.store.findOpenInvitation('mem_a', inv.recipientKey, at(10))).toEqual(inv);
    expect(
      await ctx.store.findOpenInvitation('mem_a', inv.recipientKey, inv.inviterExpiresAt),
    ).toBeUndefined();
    const closed = invitation('inv_2', 'mem_b', {
      recipientKey: inv.recipientKey,
      state: 'undeliverable',
      closedAt: at(0),
    });
    await ctx.store.insertInvitation(closed);
    expect(await ctx.store.findPendingInvitation('mem_b', inv.recipientKey)).toBeUndefined();
    expect(await ctx.store.findOpenInvitation('mem_b', inv.recipientKey, at(10))).toEqual(closed);
  });

  it('refuses a second pending invitation for the same inviter and key, but not after the first closed', async () => {
    await setup();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a', { recipientKey: 'k' }));
    await expect(
      ctx.store.insertInvitation(invitation('inv_2', 'mem_a', { recipientKey: 'k' })),
    ).rejects.toBeInstanceOf(UniqueViolation);
    // Another inviter, or a closed invitation, does not collide.
    await ctx.store.insertInvitation(invitation('inv_3', 'mem_b', { recipientKey: 'k' }));
    await ctx.store.insertInvitation(invitation('inv_4', 'mem_a', { recipientKey: 'k', state: 'declined' }));
    expect(await ctx.store.moveInvitation('inv_1', 'pending', 'withdrawn', at(10))).toBe(true);
    await ctx.store.insertInvitation(invitation('inv_5', 'mem_a', { recipientKey: 'k' }));
    expect((await ctx.store.findPendingInvitation('mem_a', 'k'))?.id).toBe('inv_5');
  });

  it('lets two racing transactions insert the same pending invitation only once', async () => {
    await setup();
    const results = await Promise.allSettled(
      ['inv_x', 'inv_y'].map((id) =>
        ctx.store.transaction(async (tx) => {
          await tx.insertInvitation(invitation(id, 'mem_a', { recipientKey: 'race' }));
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolation);
  });

  it('keeps a transaction usable after a refused pending invitation', async () => {
    await setup();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a', { recipientKey: 'k' }));
    const winner = await ctx.store.transaction(async (tx) => {
      await expect(
        tx.insertInvitation(invitation('inv_2', 'mem_a', { recipientKey: 'k' })),
      ).rejects.toBeInstanceOf(UniqueViolation);
      return tx.findPendingInvitation('mem_a', 'k');
    });
    expect(winner?.id).toBe('inv_1');
  });

  it('moves state by compare-and-set: of two racing moves exactly one wins', async () => {
    await setup();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a'));
    const moves = await Promise.all([
      ctx.store.moveInvitation('inv_1', 'pending', 'accepted', at(5), { recipientMemberId: 'mem_r' }),
      ctx.store.moveInvitation('inv_1', 'pending', 'declined', at(6)),
    ]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    const after = await ctx.store.getInvitation('inv_1');
    expect(after?.state).toBe(moves[0] ? 'accepted' : 'declined');
    expect(after?.closedAt).toBe(moves[0] ? at(5) : at(6));
    // A final state does not move, and a failed move changes nothing.
    expect(
      await ctx.store.moveInvitation('inv_1', 'pending', 'withdrawn', at(9), { delivery: 'failed' }),
    ).toBe(false);
    expect(await ctx.store.getInvitation('inv_1')).toEqual(after);
    expect(await ctx.store.moveInvitation('inv_nope', 'pending', 'withdrawn', at(9))).toBe(false);
  });

  it('applies the changes given with a move and sets delivery on its own', async () => {
    await setup();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a'));
    await ctx.store.setInvitationDelivery('inv_1', 'sent');
    expect((await ctx.store.getInvitation('inv_1'))?.delivery).toBe('sent');
    expect(
      await ctx.store.moveInvitation('inv_1', 'pending', 'accepted', at(3), {
        delivery: 'failed',
        recipientMemberId: 'mem_r',
      }),
    ).toBe(true);
    expect(await ctx.store.getInvitation('inv_1')).toMatchObject({
      state: 'accepted',
      delivery: 'failed',
      recipientMemberId: 'mem_r',
      closedAt: at(3),
    });
  });

  it('lists newest first with a keyset cursor, filtered by inviter and state, in a stable order', async () => {
    await setup();
    const mine: Invitation[] = [];
    for (let i = 0; i < 30; i++) {
      // Pairs share a creation time, so the id decides between them.
      const state: InvitationState = i % 3 === 0 ? 'withdrawn' : 'pending';
      const inv = invitation(`inv_${pad(i)}`, 'mem_a', { createdAt: at(Math.floor(i / 2)), state });
      mine.push(inv);
    }
    const theirs = [0, 1, 2, 3, 4].map((i) => invitation(`inv_b${pad(i)}`, 'mem_b', { createdAt: at(i) }));
    for (const inv of [...mine].reverse().concat(theirs)) await ctx.store.insertInvitation(inv);

    const newestFirst = (list: Invitation[]) =>
      [...list].sort((x, y) =>
        x.createdAt === y.createdAt ? cmp(y.id, x.id) : cmp(y.createdAt, x.createdAt),
      );
    const pages = async (query: { inviterId?: string; state?: InvitationState }, limit: number) => {
      const seen: Invitation[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (let page = 0; page < 100; page++) {
        const items = await ctx.store.listInvitations({ ...query, limit, ...(after ? { after } : {}) });
        expect(items.length).toBeLessThanOrEqual(limit);
        seen.push(...items);
        const last = items.at(-1);
        if (items.length < limit || !last) return seen;
        after = { createdAt: last.createdAt, id: last.id };
      }
      throw new Error('pagination did not end');
    };

    expect(await pages({ inviterId: 'mem_a' }, 7)).toEqual(newestFirst(mine));
    expect(await pages({ inviterId: 'mem_a', state: 'pending' }, 4)).toEqual(
      newestFirst(mine.filter((i) => i.state === 'pending')),
    );
    expect(await pages({ state: 'withdrawn' }, 3)).toEqual(
      newestFirst(mine.filter((i) => i.state === 'withdrawn')),
    );
    expect(await pages({}, 10)).toEqual(newestFirst([...mine, ...theirs]));
    expect(await pages({ inviterId: 'mem_b' }, 5)).toEqual(newestFirst(theirs));
    expect(await ctx.store.listInvitations({ inviterId: 'mem_r', limit: 10 })).toEqual([]);
  });

  it('filters the list by the inviter’s view: open until the promised expiry, then expired', async () => {
    await setup();
    const rows = [
      invitation('inv_1', 'mem_a', { createdAt: at(1), recipientKey: 'k1', expiresAt: at(100) }),
      // Closed in truth at once, open to its inviter: listed with the pending ones.
      invitation('inv_2', 'mem_a', {
        createdAt: at(2),
        recipientKey: 'k2',
        state: 'undeliverable',
        closedAt: at(2),
        expiresAt: at(100),
      }),
      // Held open in truth past what its inviter was promised (a digest): expired in their view.
      invitation('inv_3', 'mem_a', {
        createdAt: at(3),
        recipientKey: 'k3',
        expiresAt: at(900),
        inviterExpiresAt: at(5),
      }),
      invitation('inv_4', 'mem_a', {
        createdAt: at(4),
        recipientKey: 'k4',
        state: 'undeliverable',
        closedAt: at(5),
        inviterState: 'declined',
        inviterClosedAt: at(5),
      }),
    ];
    for (const row of rows) await ctx.store.insertInvitation(row);
    const ids = async (status: InvitationState, now: number) =>
      (await ctx.store.listInvitations({ inviterView: { status, now: at(now) }, limit: 10 })).map(
        (i) => i.id,
      );
    expect(await ids('pending', 10)).toEqual(['inv_2', 'inv_1']);
    expect(await ids('expired', 10)).toEqual(['inv_3']);
    expect(await ids('declined', 10)).toEqual(['inv_4']);
    expect(await ids('undeliverable', 10)).toEqual([]);
    expect(await ids('pending', 100)).toEqual([]);
    expect(await ids('expired', 100)).toEqual(['inv_3', 'inv_2', 'inv_1']);
  });

  it('lists the invitations to a key that are pending or open to their inviter, optionally from one inviter', async () => {
    await setup();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a', { recipientKey: 'k', createdAt: at(1) }));
    await ctx.store.insertInvitation(invitation('inv_2', 'mem_b', { recipientKey: 'k', createdAt: at(2) }));
    await ctx.store.insertInvitation(
      invitation('inv_3', 'mem_r', { recipientKey: 'k', state: 'declined', inviterState: 'declined' }),
    );
    await ctx.store.insertInvitation(invitation('inv_4', 'mem_a', { recipientKey: 'other' }));
    // Closed in truth, open to its inviter until at(100).
    await ctx.store.insertInvitation(
      invitation('inv_5', 'mem_r', {
        recipientKey: 'k',
        createdAt: at(3),
        state: 'undeliverable',
        closedAt: at(3),
        expiresAt: at(100),
      }),
    );
    const ids = async (now: number, inviterId?: string) =>
      (await ctx.store.listOpenInvitationsTo('k', at(now), inviterId)).map((i) => i.id);
    expect(await ids(10)).toEqual(['inv_1', 'inv_2', 'inv_5']);
    expect(await ids(100)).toEqual(['inv_1', 'inv_2']);
    expect(await ids(10, 'mem_b')).toEqual(['inv_2']);
    expect(await ids(10, 'mem_r')).toEqual(['inv_5']);
    expect(await ids(100, 'mem_r')).toEqual([]);
    expect(await ctx.store.listOpenInvitationsTo('nobody', at(10))).toEqual([]);
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
