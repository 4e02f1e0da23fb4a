/**
 * Two transactions that lock the same rows in opposite orders: the worker recording a send (message,
 * then invitation) and a recipient's stop (invitation, then its queued messages). Postgres breaks the
 * deadlock by ending one of them; the store runs that one again, so both callers succeed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase } from '../../testing/postgres-database.js';
import { at, invitation, member, message } from '../contract/fixtures.js';
import { openStore } from '../open-store.js';
import { isTransactionConflict } from '../retry-conflicts.js';

const database = await createTestPostgresDatabase('the Postgres lock-conflict test');
afterAll(() => database?.drop());

/** Resolves once `parties` callers have arrived; later arrivals pass straight through. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived >= parties) open();
    return opened;
  };
}

describe.skipIf(database === null)('transactions that deadlock on Postgres', () => {
  it('runs the one Postgres ends again, so a send record and an opt-out both commit', async () => {
    if (!database) return;
    const { store } = await openStore(database.url);
    try {
      await store.insertMember(member('mem_a'));
      await store.insertInvitation(invitation('inv_1', 'mem_a'));
      await store.insertMessage(message('msg_1', { invitationId: 'inv_1', inviterId: 'mem_a' }));

      const bothHoldOneLock = barrier(2);
      const runs = { worker: 0, stop: 0 };
      const worker = store.transaction(async (tx) => {
        runs.worker += 1;
        await tx.updateMessage('msg_1', { state: 'sent', sentAt: at(5), leaseUntil: null });
        await bothHoldOneLock();
        await tx.setInvitationDelivery('inv_1', 'sent');
      });
      const stop = store.durableTransaction(async (tx) => {
        runs.stop += 1;
        expect(
          await tx.moveInvitation('inv_1', 'pending', 'undeliverable', at(5), { delivery: 'failed' }),
        ).toBe(true);
        await bothHoldOneLock();
        await tx.cancelQueuedMessages('inv_1');
      });
      await expect(Promise.all([worker, stop])).resolves.toBeDefined();
      // Exactly one side was ended as the deadlock's victim and ran a second time.
      expect(runs.worker + runs.stop).toBe(3);
      expect((await store.getInvitation('inv_1'))?.state).toBe('undeliverable');
      expect((await store.getMessage('msg_1'))?.state).toBe('sent');
    } finally {
      await store.close();
    }
  });

  it('tells conflicts from other failures', () => {
    expect(isTransactionConflict({ code: '40P01' })).toBe(true);
    expect(isTransactionConflict({ code: '40001' })).toBe(true);
    expect(isTransactionConflict({ code: '23505' })).toBe(false);
    expect(isTransactionConflict(new Error('deadlock'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
