import { expect, it } from 'vitest';
import type { Message, Suppression } from '../../core/model.js';
import { at, type ContractContext, member, message } from './fixtures.js';

const suppression = (key: string, scope: Suppression['scope']): Suppression => ({
  key,
  scope,
  reason: 'stop',
  source: 'test',
  createdAt: at(0),
});

export function handoffContract(ctx: ContractContext): void {
  /** Inserts a message to `key` from `inviterId` and leases it until at(60). */
  const leased = async (
    id: string,
    key: string,
    inviterId: string | null = null,
    kind: Message['kind'] = 'invitation',
  ) => {
    if (inviterId && !(await ctx.store.getMember(inviterId))) await ctx.store.insertMember(member(inviterId));
    await ctx.store.insertMessage(message(id, { toKey: key, inviterId, kind }));
    const [claimed] = await ctx.store.claimDueMessages(at(1), at(60), 1);
    expect(claimed?.id).toBe(id);
  };

  it('hands off a leased, queued, unsuppressed message and moves its lease', async () => {
    await leased('msg_1', 'k');
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(2), at(90))).toBe('ready');
    expect(await ctx.store.getMessage('msg_1')).toMatchObject({ state: 'queued', leaseUntil: at(90) });
    // The old lease is no longer this caller's: a second hand-off with it is fenced out.
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(3), at(99))).toBe('lost');
    expect(await ctx.store.claimDueMessages(at(89), at(200), 5)).toEqual([]);
    expect((await ctx.store.claimDueMessages(at(90), at(200), 5)).map((m) => m.id)).toEqual(['msg_1']);
  });

  it('refuses when a global suppression, or the inviter’s own, covers the address', async () => {
    await leased('msg_1', 'k1', 'mem_a');
    await ctx.store.addSuppression(suppression('k1', 'global'));
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(2), at(90))).toBe('suppressed');
    expect(await ctx.store.getMessage('msg_1')).toMatchObject({ state: 'queued', leaseUntil: at(60) });

    await ctx.store.updateMessage('msg_1', { state: 'sent' });
    await leased('msg_2', 'k2', 'mem_a');
    await ctx.store.addSuppression(suppression('k2', 'inviter:mem_a'));
    expect(await ctx.store.handOffMessage('msg_2', at(60), at(2), at(90))).toBe('suppressed');
  });

  it('ignores another inviter’s scoped suppression, and scoped ones for messages without an inviter', async () => {
    await ctx.store.addSuppression(suppression('k', 'inviter:mem_b'));
    await leased('msg_1', 'k', 'mem_a');
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(2), at(90))).toBe('ready');
    await ctx.store.updateMessage('msg_1', { state: 'sent' });
    await leased('msg_2', 'k');
    expect(await ctx.store.handOffMessage('msg_2', at(60), at(2), at(90))).toBe('ready');
  });

  it('lets only the resume link its owner asked for reach a suppressed address', async () => {
    await ctx.store.addSuppression({ ...suppression('k', 'global'), reason: 'complaint' });
    const kinds: Message['kind'][] = ['invitation', 'reminder', 'digest', 'confirmation', 'sign-in'];
    for (const [i, kind] of kinds.entries()) {
      await leased(`msg_${i}`, 'k', null, kind);
      expect(await ctx.store.handOffMessage(`msg_${i}`, at(60), at(2), at(90))).toBe('suppressed');
      await ctx.store.updateMessage(`msg_${i}`, { state: 'suppressed' });
    }
    await leased('msg_resume', 'k', null, 'resume');
    expect(await ctx.store.handOffMessage('msg_resume', at(60), at(2), at(90))).toBe('ready');
    await ctx.store.updateMessage('msg_resume', { state: 'sent' });
    // Never on behalf of an inviter: such a row is stopped like any other.
    await leased('msg_resume_inviter', 'k', 'mem_a', 'resume');
    expect(await ctx.store.handOffMessage('msg_resume_inviter', at(60), at(2), at(90))).toBe('suppressed');
  });

  it('refuses a message that is no longer queued, or unknown', async () => {
    await leased('msg_1', 'k');
    await ctx.store.updateMessage('msg_1', { state: 'cancelled' });
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(2), at(90))).toBe('cancelled');
    expect(await ctx.store.handOffMessage('msg_none', at(60), at(2), at(90))).toBe('cancelled');
  });

  it('fences out a worker whose lease expired and went to another', async () => {
    await leased('msg_1', 'k');
    const [again] = await ctx.store.claimDueMessages(at(61), at(120), 1);
    expect(again?.attempts).toBe(2);
    expect(await ctx.store.handOffMessage('msg_1', at(60), at(62), at(122))).toBe('lost');
    expect(await ctx.store.handOffMessage('msg_1', at(120), at(62), at(122))).toBe('ready');
  });
}
