import { expect, it } from 'vitest';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, member } from './fixtures.js';

export function memberContract(ctx: ContractContext): void {
  it('inserts a member and reads it by id, address key and external id', async () => {
    const alice = member('mem_alice', { externalId: 'ext-1', allowReplyTo: false, name: 'Alice Ånström' });
    await ctx.store.insertMember(alice);
    expect(await ctx.store.getMember('mem_alice')).toEqual(alice);
    expect(await ctx.store.findMemberByEmailKey(alice.emailKey)).toEqual(alice);
    expect(await ctx.store.findMemberByExternalId('ext-1')).toEqual(alice);
    expect(await ctx.store.getMember('mem_nobody')).toBeUndefined();
    expect(await ctx.store.findMemberByEmailKey('key-nobody')).toBeUndefined();
    expect(await ctx.store.findMemberByExternalId('ext-nobody')).toBeUndefined();
  });

  it('refuses a second member with the same address key or external id', async () => {
    await ctx.store.insertMember(member('mem_a', { externalId: 'ext-a' }));
    await expect(ctx.store.insertMember(member('mem_b', { emailKey: 'key-mem_a' }))).rejects.toBeInstanceOf(
      UniqueViolation,
    );
    await expect(ctx.store.insertMember(member('mem_c', { externalId: 'ext-a' }))).rejects.toBeInstanceOf(
      UniqueViolation,
    );
    await expect(ctx.store.insertMember(member('mem_a', { emailKey: 'key-other' }))).rejects.toBeInstanceOf(
      UniqueViolation,
    );
    expect(await ctx.store.getMember('mem_b')).toBeUndefined();
    expect(await ctx.store.getMember('mem_c')).toBeUndefined();
  });

  it('allows any number of members without an external id', async () => {
    await ctx.store.insertMember(member('mem_1'));
    await ctx.store.insertMember(member('mem_2'));
    expect((await ctx.store.getMember('mem_2'))?.externalId).toBeNull();
  });

  it('keeps one connection per pair whatever the order, and finds it from both sides', async () => {
    await ctx.store.insertMember(member('mem_b'));
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertMember(member('mem_c'));
    await ctx.store.insertConnection({
      memberA: 'mem_b',
      memberB: 'mem_a',
      invitationId: null,
      createdAt: at(1),
    });
    await ctx.store.insertConnection({
      memberA: 'mem_a',
      memberB: 'mem_b',
      invitationId: null,
      createdAt: at(2),
    });
    await ctx.store.insertConnection({
      memberA: 'mem_b',
      memberB: 'mem_a',
      invitationId: null,
      createdAt: at(3),
    });
    await ctx.store.insertConnection({
      memberA: 'mem_c',
      memberB: 'mem_b',
      invitationId: null,
      createdAt: at(4),
    });
    const first = { memberA: 'mem_a', memberB: 'mem_b', invitationId: null, createdAt: at(1) };
    expect(await ctx.store.listConnections('mem_a')).toEqual([first]);
    expect(await ctx.store.listConnections('mem_b')).toEqual([
      first,
      { memberA: 'mem_b', memberB: 'mem_c', invitationId: null, createdAt: at(4) },
    ]);
    expect(await ctx.store.listConnections('mem_nobody')).toEqual([]);
  });
}
