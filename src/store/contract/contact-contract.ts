/** Address books, imports, suggestions' dismissals, settings and leaving, as every backend must keep them. */
import { expect, it } from 'vitest';
import type { Contact } from '../../core/contacts-store.js';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, invitation, member } from './fixtures.js';

function contact(id: string, memberId: string, emails: string[], overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    memberId,
    name: `Contact ${id}`,
    addresses: emails.map((email) => ({ email, key: `key:${email.toLowerCase()}` })),
    source: 'manual',
    importId: null,
    createdAt: at(0),
    ...overrides,
  };
}

export function contactContract(ctx: ContractContext): void {
  it('keeps one key per book, in the order addresses were added, and books apart', async () => {
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertMember(member('mem_b'));
    await ctx.store.insertContact(contact('con_1', 'mem_a', ['one@example.net', 'two@example.net']));
    // Another book may hold the same address.
    await ctx.store.insertContact(contact('con_2', 'mem_b', ['one@example.net']));
    await expect(
      ctx.store.insertContact(contact('con_3', 'mem_a', ['ONE@example.net'])),
    ).rejects.toBeInstanceOf(UniqueViolation);
    await ctx.store.addContactAddresses('con_1', 'mem_a', [
      { email: 'three@example.net', key: 'key:three@example.net' },
    ]);
    await ctx.store.nameContact('con_1', 'Ignored: it has a name');
    const read = await ctx.store.getContact('mem_a', 'con_1');
    expect(read?.addresses.map((a) => a.email)).toEqual([
      'one@example.net',
      'two@example.net',
      'three@example.net',
    ]);
    expect(read?.name).toBe('Contact con_1');
    expect(await ctx.store.getContact('mem_b', 'con_1')).toBeUndefined();
    expect(await ctx.store.findContactsByKeys('mem_a', ['key:two@example.net', 'key:none'])).toEqual(
      new Map([['key:two@example.net', 'con_1']]),
    );
    expect(await ctx.store.deleteContact('mem_b', 'con_1')).toBe(false);
    expect(await ctx.store.deleteContact('mem_a', 'con_1')).toBe(true);
    expect(await ctx.store.getContact('mem_a', 'con_1')).toBeUndefined();
    expect(await ctx.store.deleteContacts('mem_b')).toBe(1);
  });

  it('pages a book newest first and searches names and addresses literally', async () => {
    await ctx.store.insertMember(member('mem_a'));
    for (let i = 0; i < 5; i += 1) {
      await ctx.store.insertContact(
        contact(`con_${i}`, 'mem_a', [`p${i}@example.net`], {
          createdAt: at(i % 2),
          name: i === 3 ? '100% Ann_B' : `P ${i}`,
        }),
      );
    }
    const first = await ctx.store.listContacts('mem_a', { limit: 3 });
    expect(first.map((c) => c.id)).toEqual(['con_3', 'con_1', 'con_4']);
    const last = first.at(-1);
    const second = await ctx.store.listContacts('mem_a', {
      limit: 3,
      ...(last ? { after: { createdAt: last.createdAt, id: last.id } } : {}),
    });
    expect(second.map((c) => c.id)).toEqual(['con_2', 'con_0']);
    expect((await ctx.store.listContacts('mem_a', { limit: 9, q: '0% ann_' })).map((c) => c.id)).toEqual([
      'con_3',
    ]);
    expect((await ctx.store.listContacts('mem_a', { limit: 9, q: '%' })).map((c) => c.id)).toEqual(['con_3']);
    expect((await ctx.store.listContacts('mem_a', { limit: 9, q: 'P2@EXAMPLE' })).map((c) => c.id)).toEqual([
      'con_2',
    ]);
  });

  it('takes an address out of every book, and finds erased keys and discoverable members', async () => {
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertMember(member('mem_b', { discoverable: false }));
    await ctx.store.insertMember(member('mem_c'));
    await ctx.store.insertContact(contact('con_1', 'mem_a', ['x@example.net']));
    await ctx.store.insertContact(contact('con_2', 'mem_c', ['x@example.net', 'y@example.net']));
    expect(await ctx.store.removeAddressFromBooks('key:x@example.net')).toBe(2);
    expect(await ctx.store.getContact('mem_a', 'con_1')).toBeUndefined();
    expect((await ctx.store.getContact('mem_c', 'con_2'))?.addresses.map((a) => a.email)).toEqual([
      'y@example.net',
    ]);

    await ctx.store.addSuppression({
      key: 'k1',
      scope: 'global',
      reason: 'erasure',
      source: 't',
      createdAt: at(0),
    });
    await ctx.store.addSuppression({
      key: 'k2',
      scope: 'global',
      reason: 'stop',
      source: 't',
      createdAt: at(0),
    });
    await ctx.store.addSuppression({
      key: 'k3',
      scope: 'inviter:mem_a',
      reason: 'erasure',
      source: 't',
      createdAt: at(0),
    });
    expect(await ctx.store.findErasedKeys(['k1', 'k2', 'k3', 'k4'])).toEqual(new Set(['k1']));
    expect(await ctx.store.findDiscoverableMembers(['key-mem_a', 'key-mem_b', 'key-none'])).toEqual(
      new Map([['key-mem_a', 'mem_a']]),
    );
  });

  it('keeps import jobs per member, and settings', async () => {
    await ctx.store.insertMember(member('mem_a'));
    const job = {
      id: 'imp_1',
      memberId: 'mem_a',
      state: 'running' as const,
      format: 'csv',
      layout: 'google',
      read: 0,
      added: 0,
      merged: 0,
      skipped: 0,
      invalidCount: 0,
      invalid: [],
      error: null,
      createdAt: at(0),
      updatedAt: at(0),
      finishedAt: null,
    };
    await ctx.store.insertContactImport(job);
    const done = {
      ...job,
      state: 'done' as const,
      read: 3,
      added: 2,
      invalidCount: 1,
      invalid: [{ line: 4, code: 'invalid_email' }],
      updatedAt: at(5),
      finishedAt: at(5),
    };
    await ctx.store.saveContactImport(done);
    expect(await ctx.store.getContactImport('mem_a', 'imp_1')).toEqual(done);
    expect(await ctx.store.getContactImport('mem_b', 'imp_1')).toBeUndefined();

    await ctx.store.updateMemberSettings('mem_a', { discoverable: false, invitePolicy: 'mutual' });
    expect(await ctx.store.getMember('mem_a')).toMatchObject({
      discoverable: false,
      invitePolicy: 'mutual',
      allowReplyTo: true,
    });
  });

  it('retires a member: no read finds them, their key is free, their connections and dismissals are gone', async () => {
    for (const id of ['mem_a', 'mem_b', 'mem_c'])
      await ctx.store.insertMember(member(id, { externalId: `ext-${id}` }));
    await ctx.store.insertConnection({
      memberA: 'mem_a',
      memberB: 'mem_b',
      invitationId: null,
      createdAt: at(0),
    });
    await ctx.store.insertConnection({
      memberA: 'mem_b',
      memberB: 'mem_c',
      invitationId: null,
      createdAt: at(0),
    });
    await ctx.store.dismissSuggestion('mem_c', 'mem_a', at(0));
    await ctx.store.dismissSuggestion('mem_c', 'mem_a', at(1));
    await ctx.store.insertInvitation(
      invitation('inv_1', 'mem_b', { recipientKey: 'key-mem_a', recipientEmail: 'mem_a@example.com' }),
    );
    expect(await ctx.store.haveMutualConnection('mem_a', 'mem_c')).toBe(true);
    expect((await ctx.store.listInvitationsOfMember('mem_a', 'key-mem_a')).map((i) => i.id)).toEqual([
      'inv_1',
    ]);

    await ctx.store.retireMember('mem_a', at(9));
    expect(await ctx.store.getMember('mem_a')).toBeUndefined();
    expect(await ctx.store.findMemberByEmailKey('key-mem_a')).toBeUndefined();
    expect(await ctx.store.findMemberByExternalId('ext-mem_a')).toBeUndefined();
    expect(await ctx.store.listConnections('mem_b')).toHaveLength(1);
    expect(await ctx.store.haveMutualConnection('mem_a', 'mem_c')).toBe(false);
    await ctx.store.insertMember(member('mem_new', { email: 'mem_a@example.com', emailKey: 'key-mem_a' }));
    expect((await ctx.store.findMemberByEmailKey('key-mem_a'))?.id).toBe('mem_new');
  });
}
