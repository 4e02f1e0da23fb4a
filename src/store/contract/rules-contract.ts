/** The consent rules' part of the storage contract (`RulesStore`): the same answers on every backend. */
import { expect, it } from 'vitest';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext, invitation, member, message } from './fixtures.js';

export function rulesContract(ctx: ContractContext): void {
  const withInviter = () => ctx.store.insertMember(member('mem_a'));

  it('takes a gate again and again, inside and outside transactions, each time marking it touched', async () => {
    await ctx.store.lockGate('recipient:k', at(1));
    await ctx.store.transaction((tx) => tx.lockGate('recipient:k', at(2)));
    await ctx.store.lockGate('inviter:mem_a', at(3));
    // The second take moved the gate to 2: nothing was last touched before it.
    expect(await ctx.store.pruneGates(at(2), 10)).toBe(0);
    expect(await ctx.store.pruneGates(at(3), 10)).toBe(1);
    expect(await ctx.store.pruneGates(at(4), 10)).toBe(1);
    // A pruned gate is taken again as if new.
    await ctx.store.lockGate('recipient:k', at(5));
    expect(await ctx.store.pruneGates(at(6), 10)).toBe(1);
  });

  it('counts cap slots of queued and sent messages in the window, newest first', async () => {
    for (const [id, state, seconds] of [
      ['msg_sent', 'sent', 10],
      ['msg_queued', 'queued', 20],
      ['msg_cancelled', 'cancelled', 30],
      ['msg_old', 'sent', 1],
    ] as const) {
      await ctx.store.insertMessage(message(id, { state, toKey: 'k' }));
      await ctx.store.saveCapSlot(id, 'k', at(seconds));
    }
    expect(await ctx.store.listCapSlots('k', at(5))).toEqual([
      { messageId: 'msg_queued', at: at(20) },
      { messageId: 'msg_sent', at: at(10) },
    ]);
    // Saving again moves the slot, e.g. to the sending time.
    await ctx.store.saveCapSlot('msg_queued', 'k', at(25));
    expect((await ctx.store.listCapSlots('k', at(5)))[0]).toEqual({ messageId: 'msg_queued', at: at(25) });
    expect(await ctx.store.listCapSlots('other', at(0))).toEqual([]);
    // Queued invitation mail without a slot is what waits for one.
    await ctx.store.insertMessage(message('msg_waiting', { toKey: 'k' }));
    await ctx.store.insertMessage(message('msg_reminder', { toKey: 'k', kind: 'reminder' }));
    expect(await ctx.store.countWaitingInvitationMail('k')).toBe(1);
  });

  it('keeps one queued digest per address and lists what waits for it', async () => {
    await withInviter();
    await ctx.store.insertInvitation(
      invitation('inv_1', 'mem_a', { recipientKey: 'k', delivery: 'deferred' }),
    );
    await ctx.store.insertInvitation(
      invitation('inv_2', 'mem_a', { recipientKey: 'k2', delivery: 'deferred' }),
    );
    await ctx.store.insertInvitation(
      invitation('inv_3', 'mem_a', { recipientKey: 'k', state: 'withdrawn', delivery: 'deferred' }),
    );
    const digest = message('msg_d1', { kind: 'digest', toKey: 'k', toEmail: null });
    await ctx.store.insertMessage(digest);
    expect(await ctx.store.findQueuedDigest('k')).toEqual(digest);
    await expect(
      ctx.store.insertMessage(message('msg_d2', { kind: 'digest', toKey: 'k' })),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect((await ctx.store.listDeferredInvitationsTo('k')).map((i) => i.id)).toEqual(['inv_1']);
    await ctx.store.addDigestItems('msg_d1', ['inv_1']);
    await ctx.store.addDigestItems('msg_d1', ['inv_1']);
    expect(await ctx.store.listDigestItems('msg_d1')).toEqual(['inv_1']);
    await ctx.store.updateMessage('msg_d1', { state: 'sent' });
    expect(await ctx.store.findQueuedDigest('k')).toBeUndefined();
    await ctx.store.insertMessage(message('msg_d3', { kind: 'digest', toKey: 'k' }));
  });

  it('reads what the inviter limits, cooldowns and throttle need', async () => {
    await withInviter();
    await ctx.store.insertInvitation(invitation('inv_1', 'mem_a', { createdAt: at(1), expiresAt: at(500) }));
    await ctx.store.insertInvitation(invitation('inv_2', 'mem_a', { createdAt: at(2), expiresAt: at(400) }));
    await ctx.store.insertInvitation(invitation('inv_3', 'mem_a', { createdAt: at(3), recipientKey: 'k' }));
    await ctx.store.moveInvitation('inv_3', 'pending', 'declined', at(9), { inviterState: 'declined' });
    // Closed in truth at once (a suppressed address), open in its inviter's view until at(300).
    await ctx.store.insertInvitation(
      invitation('inv_4', 'mem_a', {
        createdAt: at(4),
        recipientKey: 'k4',
        state: 'undeliverable',
        closedAt: at(4),
        expiresAt: at(300),
      }),
    );
    // Told "declined" by a move that closed it in truth as something else (a block).
    await ctx.store.insertInvitation(invitation('inv_5', 'mem_a', { createdAt: at(5), recipientKey: 'k' }));
    await ctx.store.moveInvitation('inv_5', 'pending', 'undeliverable', at(11), { inviterState: 'declined' });
    expect(await ctx.store.listInvitationTimes('mem_a', at(1))).toEqual([at(2), at(3), at(4), at(5)]);
    expect(await ctx.store.openSummary('mem_a', at(20))).toEqual({ count: 3, earliestExpiry: at(300) });
    expect(await ctx.store.openSummary('mem_a', at(300))).toEqual({ count: 2, earliestExpiry: at(400) });
    expect(await ctx.store.openSummary('mem_none', at(20))).toEqual({ count: 0, earliestExpiry: null });
    expect(await ctx.store.lastToldAt('mem_a', 'k', 'declined')).toBe(at(11));
    expect(await ctx.store.lastToldAt('mem_a', 'k', 'withdrawn')).toBeUndefined();
    expect(await ctx.store.listOpenIdsOf('mem_a', at(20), {})).toEqual(['inv_1', 'inv_2', 'inv_4']);
    expect(await ctx.store.listOpenIdsOf('mem_a', at(300), {})).toEqual(['inv_1', 'inv_2']);
    expect(await ctx.store.listOpenIdsOf('mem_a', at(20), { ids: ['inv_2', 'inv_3'] })).toEqual(['inv_2']);
    expect(await ctx.store.listOpenIdsOf('mem_a', at(20), { createdBefore: at(1) })).toEqual(['inv_1']);
    expect(await ctx.store.listOpenIdsOf('mem_a', at(20), { ids: [] })).toEqual([]);

    await ctx.store.markDelivered('inv_1', 'mem_a', at(10));
    await ctx.store.markDelivered('inv_1', 'mem_a', at(20));
    await ctx.store.noteFeedback('inv_2', 'mem_a', 'never-again', at(30));
    await ctx.store.markDelivered('inv_2', 'mem_a', at(15));
    await ctx.store.noteFeedback('inv_2', 'mem_a', 'complaint', at(40));
    await ctx.store.noteFeedback('inv_2', 'mem_a', 'never-again', at(50));
    expect(await ctx.store.listDeliveredOutcomes('mem_a', 10)).toEqual([
      { invitationId: 'inv_2', deliveredAt: at(15), feedback: 'complaint', feedbackAt: at(40) },
      { invitationId: 'inv_1', deliveredAt: at(10), feedback: null, feedbackAt: null },
    ]);
    expect(await ctx.store.listDeliveredOutcomes('mem_a', 1)).toHaveLength(1);
  });

  it('claims due expiries and redactions, and redacts an address everywhere it was copied', async () => {
    await withInviter();
    await ctx.store.insertInvitation(invitation('inv_due', 'mem_a', { expiresAt: at(10) }));
    await ctx.store.insertInvitation(
      invitation('inv_later', 'mem_a', { expiresAt: at(100), recipientKey: 'k2' }),
    );
    expect(await ctx.store.transaction((tx) => tx.lockDueExpiries(at(10), 10))).toEqual(['inv_due']);

    const email = 'Bob@Example.org';
    await ctx.store.insertInvitation(
      invitation('inv_closed', 'mem_a', {
        recipientEmail: email,
        recipientKey: 'kb',
        note: `hi bob@example.org`,
      }),
    );
    await ctx.store.moveInvitation('inv_closed', 'pending', 'declined', at(50), { inviterState: 'declined' });
    await ctx.store.insertMessage(
      message('msg_own', {
        invitationId: 'inv_closed',
        toKey: 'kb',
        toEmail: email,
        state: 'failed',
        lastError: `550 <bob@example.org> no`,
      }),
    );
    await ctx.store.insertMessage(
      message('msg_digest', { kind: 'digest', toKey: 'kb', toEmail: email, state: 'sent' }),
    );
    await ctx.store.insertMessage(message('msg_queued', { kind: 'digest', toKey: 'kb', toEmail: email }));
    await ctx.store.insertDevMail({
      id: 'dev_1',
      messageId: 'msg_own@kindly.test',
      to: email,
      subject: 's',
      raw: email,
      createdAt: at(1),
    });
    await ctx.store.insertDevMail({
      id: 'dev_2',
      messageId: 'msg_ownX@kindly.test',
      to: 'x@y.z',
      subject: 's',
      raw: '',
      createdAt: at(1),
    });
    await ctx.store.insertEvent({
      id: 'evt_1',
      at: at(1),
      actor: 'worker',
      action: 'message.sent',
      subjectType: 'message',
      subjectId: 'msg_own',
      data: { response: `250 ${email}` },
    });

    expect(await ctx.store.transaction((tx) => tx.lockDueRedactions(at(49), 10))).toEqual([]);
    const due = await ctx.store.transaction((tx) => tx.lockDueRedactions(at(50), 10));
    expect(due).toEqual([{ id: 'inv_closed', recipientKey: 'kb', email }]);
    await ctx.store.transaction((tx) =>
      tx.redactAddress(due[0] ?? { id: '', recipientKey: '', email: '' }, '[gone]'),
    );

    expect(await ctx.store.getInvitation('inv_closed')).toMatchObject({
      recipientEmail: null,
      note: 'hi [gone]',
    });
    expect(await ctx.store.getMessage('msg_own')).toMatchObject({
      toEmail: null,
      lastError: '550 <[gone]> no',
    });
    expect((await ctx.store.getMessage('msg_digest'))?.toEmail).toBeNull();
    // Mail still waiting to go keeps its address: it belongs to invitations still open.
    expect((await ctx.store.getMessage('msg_queued'))?.toEmail).toBe(email);
    expect(await ctx.store.getDevMail('dev_1')).toBeUndefined();
    expect(await ctx.store.getDevMail('dev_2')).toBeDefined();
    expect((await ctx.store.listEvents('message', 'msg_own'))[0]?.data).toEqual({ response: '250 [gone]' });
    expect(await ctx.store.transaction((tx) => tx.lockDueRedactions(at(99), 10))).toEqual([]);
  });

  it('settles an invitation for redaction only once both the truth and its inviter’s view are closed', async () => {
    await withInviter();
    const due = (by: number) =>
      ctx.store.transaction(async (tx) => (await tx.lockDueRedactions(at(by), 10)).map((d) => d.id).sort());
    // Written closed (a suppressed address): its inviter sees it open until its expiry at(100).
    await ctx.store.insertInvitation(
      invitation('inv_sup', 'mem_a', {
        recipientKey: 'k1',
        state: 'undeliverable',
        closedAt: at(1),
        expiresAt: at(100),
      }),
    );
    // Closed later by a suppression that tells the inviter nothing: settled at its expiry, at(200).
    await ctx.store.insertInvitation(
      invitation('inv_stop', 'mem_a', { recipientKey: 'k2', expiresAt: at(200) }),
    );
    expect(await ctx.store.moveInvitation('inv_stop', 'pending', 'undeliverable', at(2))).toBe(true);
    // Withdrawn by its inviter after a suppression closed it: settled then, and still undeliverable in truth.
    await ctx.store.insertInvitation(
      invitation('inv_wd', 'mem_a', { recipientKey: 'k3', expiresAt: at(300) }),
    );
    expect(await ctx.store.moveInvitation('inv_wd', 'pending', 'undeliverable', at(3))).toBe(true);
    expect(await ctx.store.withdrawInvitation('inv_wd', at(30))).toBe(true);
    expect(await ctx.store.withdrawInvitation('inv_wd', at(31))).toBe(false);
    expect(await ctx.store.getInvitation('inv_wd')).toMatchObject({
      state: 'undeliverable',
      closedAt: at(3),
      inviterState: 'withdrawn',
      inviterClosedAt: at(30),
    });
    // Told "declined" by a block after a suppression closed it.
    await ctx.store.insertInvitation(
      invitation('inv_bl', 'mem_a', { recipientKey: 'k4', expiresAt: at(400) }),
    );
    expect(await ctx.store.moveInvitation('inv_bl', 'pending', 'undeliverable', at(4))).toBe(true);
    expect(await ctx.store.tellInviter('inv_bl', 'declined', at(40))).toBe(true);
    expect(await ctx.store.tellInviter('inv_bl', 'undeliverable', at(41))).toBe(false);
    // Pending in truth: a withdrawal closes both at once.
    await ctx.store.insertInvitation(
      invitation('inv_open', 'mem_a', { recipientKey: 'k5', expiresAt: at(500) }),
    );
    expect(await ctx.store.withdrawInvitation('inv_open', at(50))).toBe(true);
    expect(await ctx.store.getInvitation('inv_open')).toMatchObject({
      state: 'withdrawn',
      closedAt: at(50),
      inviterState: 'withdrawn',
      inviterClosedAt: at(50),
    });
    // Open in neither view any more: the promised expiry passed, so nothing is withdrawn.
    await ctx.store.insertInvitation(
      invitation('inv_old', 'mem_a', { recipientKey: 'k6', expiresAt: at(60) }),
    );
    expect(await ctx.store.withdrawInvitation('inv_old', at(60))).toBe(false);

    expect(await due(29)).toEqual([]);
    expect(await due(30)).toEqual(['inv_wd']);
    expect(await due(40)).toEqual(['inv_bl', 'inv_wd']);
    expect(await due(50)).toEqual(['inv_bl', 'inv_open', 'inv_wd']);
    expect(await due(100)).toEqual(['inv_bl', 'inv_open', 'inv_sup', 'inv_wd']);
    expect(await due(200)).toEqual(['inv_bl', 'inv_open', 'inv_stop', 'inv_sup', 'inv_wd']);
  });
}
