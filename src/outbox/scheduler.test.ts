/**
 * The scheduler survives restarts and shares work: reminders and digests are leased outbox rows,
 * expiry and redaction are sweeps whose claim and work share one transaction. A worker that dies
 * holding a reminder loses nothing (another sends it once the lease expires) and two workers never
 * do the same expiry or redaction twice. On SQLite and Postgres.
 */
import { expect, it } from 'vitest';
import { expireDueInvitations } from '../core/expiry.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { redactDueInvitations } from '../core/redaction.js';
import { dayMs } from '../core/rules.js';
import { withdrawInvitation } from '../core/withdraw.js';
import { openStore } from '../store/open-store.js';
import { type Backend, consentBackends, useConsentWorld } from '../testing/consent-world.js';
import { describeBackends } from '../testing/describe-backends.js';
import { kindOf } from '../testing/rules-harness.js';

const backends = await consentBackends('the Postgres half of the scheduler tests');

describeBackends(backends, 'scheduler on $name', (backend: Backend) => {
  const w = useConsentWorld(backend);

  /** The same database through a second connection pool: another process, as far as locking goes. */
  async function secondProcess() {
    const { store } = await openStore(backend.url, { migrate: false });
    return { core: { ...w.core, store }, close: () => store.close() };
  }

  /**
   * Runs sweeps side by side on Postgres. SQLite has a single writer, and two connections in one
   * Node process would wait for each other synchronously, so there they take turns.
   */
  async function together(runs: Array<() => Promise<number>>): Promise<number> {
    if (backend.name === 'postgres')
      return (await Promise.all(runs.map((run) => run()))).reduce((a, b) => a + b, 0);
    let total = 0;
    for (const run of runs) total += await run();
    return total;
  }

  async function events(action: string) {
    return w.db.selectFrom('events').select('subject_id').where('action', '=', action).execute();
  }

  it('sends a reminder held by a worker that died exactly once, after its lease', async () => {
    const alice = await createMember(w.core, { email: 'alice@example.org', name: 'Alice' });
    await invite(w.core, { inviterId: alice.id, email: 'bob@example.net', reminders: 1 });
    await w.smtp.drain();
    w.clock.advance(7 * dayMs);
    // A worker claims the due reminder and dies before sending it.
    const now = w.clock.now();
    const held = await w.core.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + 60_000).toISOString(),
      10,
    );
    expect(held.map((m) => m.kind)).toEqual(['reminder']);
    // The restarted worker leaves it alone while the lease runs, then sends it, once.
    await w.smtp.drain();
    expect(w.peer.received.map(kindOf)).toEqual(['invitation']);
    w.clock.advance(61_000);
    await w.smtp.drain();
    await w.smtp.drain();
    w.clock.advance(30 * dayMs);
    await w.smtp.drain();
    expect(w.peer.received.map(kindOf)).toEqual(['invitation', 'reminder']);
  });

  it('lets two workers expire and redact each invitation exactly once', async () => {
    const ids: string[] = [];
    for (const name of ['Alice', 'Carol', 'Dave']) {
      const inviter = await createMember(w.core, { email: `${name.toLowerCase()}@example.org`, name });
      for (let i = 0; i < 10; i += 1) {
        const created = await invite(w.core, {
          inviterId: inviter.id,
          email: `friend${i}@example.net`,
          reminders: 0,
        });
        ids.push(created.invitation.id);
      }
    }
    for (const id of ids.slice(0, 10)) await withdrawInvitation(w.core, id);
    const other = await secondProcess();
    try {
      w.clock.advance(30 * dayMs);
      const expired = await together([
        () => expireDueInvitations(w.core, 7),
        () => expireDueInvitations(other.core, 7),
        () => expireDueInvitations(w.core, 7),
        () => expireDueInvitations(other.core, 7),
      ]);
      const rest = (await expireDueInvitations(w.core, 100)) + (await expireDueInvitations(other.core, 100));
      expect(expired + rest).toBe(20);
      expect((await events('invitation.expired')).length).toBe(20);

      w.clock.advance(30 * dayMs + 60_000);
      const redacted = await together([
        () => redactDueInvitations(w.core, 8),
        () => redactDueInvitations(other.core, 8),
        () => redactDueInvitations(w.core, 8),
        () => redactDueInvitations(other.core, 8),
      ]);
      const more = (await redactDueInvitations(w.core, 100)) + (await redactDueInvitations(other.core, 100));
      expect(redacted + more).toBe(30);
      const once = (await events('invitation.redacted')).map((e) => e.subject_id).sort();
      expect(once).toEqual([...ids].sort());
    } finally {
      await other.close();
    }
  });

  it('finds expiry and redaction due after a restart, from the rows alone', async () => {
    const alice = await createMember(w.core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(w.core, { inviterId: alice.id, email: 'bob@example.net' });
    await w.smtp.drain();
    // Nothing runs for 70 days; then a fresh process starts.
    w.clock.advance(70 * dayMs);
    const other = await secondProcess();
    try {
      await expireDueInvitations(other.core);
      await redactDueInvitations(other.core);
    } finally {
      await other.close();
    }
    const after = await w.core.store.getInvitation(invitation.id);
    // Expired at day 70 (when it was found), so its address stays until day 100.
    expect(after).toMatchObject({ state: 'expired', recipientEmail: 'bob@example.net' });
    expect(w.peer.received.map(kindOf)).toEqual(['invitation']);
    w.clock.advance(30 * dayMs);
    await w.smtp.drain();
    expect((await w.core.store.getInvitation(invitation.id))?.recipientEmail).toBeNull();
  });
});
