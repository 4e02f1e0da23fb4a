import { expect, it } from 'vitest';
import type { Message } from '../../core/model.js';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, invitation, member, message, pad } from './fixtures.js';

export function messageContract(ctx: ContractContext): void {
  const withInvitation = async () => {
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a'));
  };

  it('inserts messages and reads them by id and by invitation', async () => {
    await withInvitation();
    const first = message('msg_1', { invitationId: 'inv_1', inviterId: 'mem_a', createdAt: at(1) });
    const second = message('msg_2', {
      invitationId: 'inv_1',
      kind: 'reminder',
      createdAt: at(2),
      dueAt: at(99),
    });
    await ctx.store.insertMessage(second);
    await ctx.store.insertMessage(first);
    await ctx.store.insertMessage(message('msg_3'));
    expect(await ctx.store.getMessage('msg_1')).toEqual(first);
    expect(await ctx.store.getMessage('msg_nope')).toBeUndefined();
    expect(await ctx.store.listMessagesForInvitation('inv_1')).toEqual([first, second]);
    expect(await ctx.store.listMessagesForInvitation('inv_none')).toEqual([]);
    await expect(ctx.store.insertMessage(message('msg_1'))).rejects.toBeInstanceOf(UniqueViolation);
  });

  it('claims only due, queued messages, oldest due first, counting an attempt', async () => {
    await ctx.store.insertMessage(message('msg_late', { dueAt: at(20) }));
    await ctx.store.insertMessage(message('msg_due2', { dueAt: at(5) }));
    await ctx.store.insertMessage(message('msg_due1', { dueAt: at(1) }));
    await ctx.store.insertMessage(message('msg_sent', { state: 'sent', dueAt: at(0) }));
    await ctx.store.insertMessage(message('msg_cancelled', { state: 'cancelled', dueAt: at(0) }));
    const claimed = await ctx.store.claimDueMessages(at(10), at(70), 10);
    expect(claimed.map((m) => m.id)).toEqual(['msg_due1', 'msg_due2']);
    for (const m of claimed) expect(m).toMatchObject({ leaseUntil: at(70), attempts: 1, state: 'queued' });
    expect(await ctx.store.getMessage('msg_due1')).toEqual(claimed[0]);
    expect(await ctx.store.getMessage('msg_late')).toMatchObject({ leaseUntil: null, attempts: 0 });
  });

  it('respects the limit and the lease: a leased message is claimed again only after its lease ends', async () => {
    for (let i = 0; i < 3; i++) await ctx.store.insertMessage(message(`msg_${i}`, { dueAt: at(i) }));
    expect((await ctx.store.claimDueMessages(at(10), at(60), 2)).map((m) => m.id)).toEqual([
      'msg_0',
      'msg_1',
    ]);
    expect((await ctx.store.claimDueMessages(at(20), at(80), 5)).map((m) => m.id)).toEqual(['msg_2']);
    expect(await ctx.store.claimDueMessages(at(59), at(120), 5)).toEqual([]);
    const again = await ctx.store.claimDueMessages(at(60), at(120), 5);
    expect(again.map((m) => [m.id, m.attempts, m.leaseUntil])).toEqual([
      ['msg_0', 2, at(120)],
      ['msg_1', 2, at(120)],
    ]);
    expect(await ctx.store.claimDueMessages(at(60), at(120), 0)).toEqual([]);
  });

  it('never gives the same message to two concurrent claimers', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(`msg_${pad(i)}`);
    await ctx.store.transaction(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.insertMessage(message(id, { dueAt: at(i % 17) }));
    });
    const seen: string[] = [];
    for (let round = 0; round < 30 && seen.length < ids.length; round++) {
      const batches = await Promise.all(
        Array.from({ length: 8 }, () => ctx.store.claimDueMessages(at(100), at(1_000), 10)),
      );
      for (const batch of batches) {
        expect(batch.length).toBeLessThanOrEqual(10);
        seen.push(...batch.map((m) => m.id));
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(ids);
    const attempts = await Promise.all(ids.map(async (id) => (await ctx.store.getMessage(id))?.attempts));
    expect(new Set(attempts)).toEqual(new Set([1]));
  });

  it('updates only the fields given', async () => {
    await ctx.store.insertMessage(message('msg_1', { leaseUntil: at(60), attempts: 1 }));
    await ctx.store.updateMessage('msg_1', {});
    await ctx.store.updateMessage('msg_1', { lastError: '421 try later', dueAt: at(300), leaseUntil: null });
    expect(await ctx.store.getMessage('msg_1')).toMatchObject({
      state: 'queued',
      lastError: '421 try later',
      dueAt: at(300),
      leaseUntil: null,
      attempts: 1,
      sentAt: null,
    });
    await ctx.store.updateMessage('msg_1', { state: 'sent', sentAt: at(301), lastError: null, attempts: 0 });
    expect(await ctx.store.getMessage('msg_1')).toMatchObject({
      state: 'sent',
      sentAt: at(301),
      lastError: null,
      dueAt: at(300),
      attempts: 0,
    });
  });

  it('cancels the still-queued messages of one invitation and says how many', async () => {
    await withInvitation();
    await ctx.store.insertInvitation(invitation('inv_2', 'mem_a'));
    await ctx.store.insertMessage(message('msg_1', { invitationId: 'inv_1', state: 'sent' }));
    await ctx.store.insertMessage(message('msg_2', { invitationId: 'inv_1', kind: 'reminder' }));
    await ctx.store.insertMessage(message('msg_3', { invitationId: 'inv_1', kind: 'reminder' }));
    await ctx.store.insertMessage(message('msg_4', { invitationId: 'inv_2' }));
    expect(await ctx.store.cancelQueuedMessages('inv_1')).toBe(2);
    const states = (await ctx.store.listMessagesForInvitation('inv_1')).map((m) => m.state);
    expect(states).toEqual(['sent', 'cancelled', 'cancelled']);
    expect(await ctx.store.cancelQueuedMessages('inv_1')).toBe(0);
    expect((await ctx.store.getMessage('msg_4'))?.state).toBe('queued');
  });

  it('counts the queued and sent messages of some kinds to one key since a time', async () => {
    const to = (id: string, overrides: Partial<Message>) => message(id, { toKey: 'k', ...overrides });
    await ctx.store.insertMessage(to('msg_old', { createdAt: at(-10) }));
    await ctx.store.insertMessage(to('msg_edge', { createdAt: at(0) }));
    await ctx.store.insertMessage(to('msg_sent', { createdAt: at(5), state: 'sent', kind: 'reminder' }));
    await ctx.store.insertMessage(to('msg_digest', { createdAt: at(6), kind: 'digest' }));
    await ctx.store.insertMessage(to('msg_cancelled', { createdAt: at(7), state: 'cancelled' }));
    await ctx.store.insertMessage(to('msg_suppressed', { createdAt: at(7), state: 'suppressed' }));
    await ctx.store.insertMessage(message('msg_other', { toKey: 'other', createdAt: at(8) }));
    expect(await ctx.store.countMessagesTo('k', ['invitation', 'reminder', 'digest'], at(0))).toBe(3);
    expect(await ctx.store.countMessagesTo('k', ['invitation'], at(0))).toBe(1);
    expect(await ctx.store.countMessagesTo('k', ['invitation'], at(-100))).toBe(2);
    expect(await ctx.store.countMessagesTo('k', ['confirmation'], at(-100))).toBe(0);
    expect(await ctx.store.countMessagesTo('k', [], at(-100))).toBe(0);
    expect(await ctx.store.countMessagesTo('nobody', ['invitation'], at(-100))).toBe(0);
  });
}
