import { expect, it } from 'vitest';
import { at, type ContractContext, invitation, member, message } from './fixtures.js';

export function transactionContract(ctx: ContractContext): void {
  it('commits a transaction and returns its result', async () => {
    const result = await ctx.store.transaction(async (tx) => {
      await tx.insertMember(member('mem_a'));
      await tx.insertInvitation(invitation('inv_1', 'mem_a'));
      expect(await tx.getInvitation('inv_1')).toBeDefined();
      return 42;
    });
    expect(result).toBe(42);
    expect(await ctx.store.getInvitation('inv_1')).toBeDefined();
  });

  it('rolls back everything when the work throws', async () => {
    const failure = new Error('boom');
    await expect(
      ctx.store.transaction(async (tx) => {
        await tx.insertMember(member('mem_a'));
        await tx.insertInvitation(invitation('inv_1', 'mem_a'));
        await tx.insertMessage(message('msg_1', { invitationId: 'inv_1' }));
        await tx.addSuppression({
          key: 'k',
          scope: 'global',
          reason: 'stop',
          source: 'link',
          createdAt: at(0),
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ctx.store.getMember('mem_a')).toBeUndefined();
    expect(await ctx.store.getInvitation('inv_1')).toBeUndefined();
    expect(await ctx.store.getMessage('msg_1')).toBeUndefined();
    expect(await ctx.store.findSuppressions('k')).toEqual([]);
  });

  it('runs nested transactions inside the outer one, so an outer failure undoes them too', async () => {
    await expect(
      ctx.store.transaction(async (tx) => {
        await tx.transaction((inner) => inner.insertMember(member('mem_a')));
        await tx.durableTransaction((inner) => inner.insertMember(member('mem_b')));
        expect(await tx.getMember('mem_a')).toBeDefined();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await ctx.store.getMember('mem_a')).toBeUndefined();
    expect(await ctx.store.getMember('mem_b')).toBeUndefined();
  });

  it('commits a durable transaction, and rolls it back on a throw', async () => {
    const suppression = {
      key: 'k',
      scope: 'global',
      reason: 'stop',
      source: 'link',
      createdAt: at(0),
    } as const;
    const value = await ctx.store.durableTransaction(async (tx) => {
      await tx.addSuppression(suppression);
      return 'done';
    });
    expect(value).toBe('done');
    expect(await ctx.store.findSuppressions('k')).toEqual([suppression]);
    await expect(
      ctx.store.durableTransaction(async (tx) => {
        await tx.addSuppression({ ...suppression, key: 'k2' });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await ctx.store.findSuppressions('k2')).toEqual([]);
    // The store is still usable for ordinary work afterwards.
    await ctx.store.insertMember(member('mem_a'));
    expect(await ctx.store.getMember('mem_a')).toBeDefined();
  });

  it('is ready once migrated', async () => {
    expect(await ctx.store.readiness()).toEqual({ database: true, migrations: true });
  });
}
