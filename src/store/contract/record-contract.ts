import { expect, it } from 'vitest';
import type { AuditEvent, Suppression, TokenRecord } from '../../core/model.js';
import { type DevMail, UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, invitation, member } from './fixtures.js';

export function recordContract(ctx: ContractContext): void {
  it('adds suppressions insert-or-ignore and finds the global one plus only the given inviter’s', async () => {
    const global: Suppression = {
      key: 'k',
      scope: 'global',
      reason: 'stop',
      source: 'link',
      createdAt: at(1),
    };
    const fromA: Suppression = {
      ...global,
      scope: 'inviter:mem_a',
      reason: 'decline-block',
      createdAt: at(2),
    };
    const fromB: Suppression = { ...fromA, scope: 'inviter:mem_b', createdAt: at(3) };
    await ctx.store.addSuppression(global);
    await ctx.store.addSuppression({ ...global, reason: 'admin', source: 'api', createdAt: at(9) });
    await ctx.store.addSuppression(fromA);
    await ctx.store.addSuppression(fromB);
    await ctx.store.addSuppression({ ...global, key: 'other' });

    expect(await ctx.store.findSuppressions('k')).toEqual([global]);
    expect(await ctx.store.findSuppressions('k', 'mem_a')).toEqual([global, fromA]);
    expect(await ctx.store.findSuppressions('k', 'mem_c')).toEqual([global]);
    expect(await ctx.store.findSuppressions('nobody', 'mem_a')).toEqual([]);

    await ctx.store.removeSuppression('k', 'global');
    await ctx.store.removeSuppression('k', 'inviter:mem_nobody');
    expect(await ctx.store.findSuppressions('k', 'mem_a')).toEqual([fromA]);
    expect(await ctx.store.findSuppressions('k', 'mem_b')).toEqual([fromB]);
    expect(await ctx.store.findSuppressions('other')).toHaveLength(1);
  });

  it('stores tokens by hash and finds them only for their purpose', async () => {
    await ctx.store.insertMember(member('mem_a'));
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a'));
    const token: TokenRecord = {
      hash: 'a'.repeat(64),
      purpose: 'invitation',
      invitationId: 'inv_1',
      addressKey: null,
      messageId: 'msg_1',
      createdAt: at(1),
    };
    const stop: TokenRecord = {
      ...token,
      hash: 'b'.repeat(64),
      purpose: 'stop',
      invitationId: null,
      addressKey: 'k',
    };
    await ctx.store.insertToken(token);
    await ctx.store.insertToken(stop);
    expect(await ctx.store.findToken(token.hash, 'invitation')).toEqual(token);
    expect(await ctx.store.findToken(stop.hash, 'stop')).toEqual(stop);
    expect(await ctx.store.findToken(token.hash, 'stop')).toBeUndefined();
    expect(await ctx.store.findToken('c'.repeat(64), 'invitation')).toBeUndefined();
    await expect(ctx.store.insertToken(token)).rejects.toBeInstanceOf(UniqueViolation);
  });

  it('deletes a token once, only for its purpose', async () => {
    const resume: TokenRecord = {
      hash: 'd'.repeat(64),
      purpose: 'resume',
      invitationId: null,
      addressKey: 'k',
      messageId: null,
      createdAt: at(1),
    };
    await ctx.store.insertToken(resume);
    expect(await ctx.store.deleteToken(resume.hash, 'stop')).toBe(false);
    expect(await ctx.store.deleteToken(resume.hash, 'resume')).toBe(true);
    expect(await ctx.store.deleteToken(resume.hash, 'resume')).toBe(false);
    expect(await ctx.store.findToken(resume.hash, 'resume')).toBeUndefined();
  });

  it('keeps audit events with their JSON data, oldest first, per subject', async () => {
    const event = (id: string, seconds: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
      id,
      at: at(seconds),
      actor: 'member:mem_a',
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: 'inv_1',
      data: null,
      ...overrides,
    });
    const data = {
      recipientKey: 'k',
      reminders: 2,
      nested: { list: [1, 'two', null, true] },
      text: 'é "q" \n',
    };
    const second = event('evt_2', 2, { action: 'invitation.withdrawn', actor: 'system' });
    const first = event('evt_1', 1, { data });
    await ctx.store.insertEvent(second);
    await ctx.store.insertEvent(first);
    await ctx.store.insertEvent(event('evt_3', 3, { subjectType: 'member', subjectId: 'inv_1' }));
    await ctx.store.insertEvent(event('evt_4', 4, { subjectId: 'inv_2' }));
    expect(await ctx.store.listEvents('invitation', 'inv_1')).toEqual([first, second]);
    expect(await ctx.store.listEvents('member', 'inv_1')).toHaveLength(1);
    expect(await ctx.store.listEvents('connection', 'inv_1')).toEqual([]);
  });

  it('keeps dev mail, newest first', async () => {
    const mail = (id: string, seconds: number): DevMail => ({
      id,
      messageId: `${id}@kindly.test`,
      to: `${id}@example.org`,
      subject: `Subject ${id}`,
      raw: `Subject: ${id}\r\n\r\nBody ✓\r\n`,
      createdAt: at(seconds),
    });
    await ctx.store.insertDevMail(mail('dev_2', 2));
    await ctx.store.insertDevMail(mail('dev_1', 1));
    await ctx.store.insertDevMail({ ...mail('dev_3', 3), messageId: null });
    expect((await ctx.store.listDevMail(10)).map((m) => m.id)).toEqual(['dev_3', 'dev_2', 'dev_1']);
    expect(await ctx.store.listDevMail(2)).toEqual([
      { ...mail('dev_3', 3), messageId: null },
      mail('dev_2', 2),
    ]);
    expect(await ctx.store.getDevMail('dev_1')).toEqual(mail('dev_1', 1));
    expect(await ctx.store.getDevMail('dev_nope')).toBeUndefined();
  });
}
