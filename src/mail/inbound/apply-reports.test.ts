import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import type { Message } from '../../core/model.js';
import type { Store } from '../../core/ports.js';
import { createTestCore, silentLogger, type TestCore } from '../../testing/test-core.js';
import { applyReports, eventsPerTransaction } from './apply-reports.js';
import type { InboundReport } from './inbound-report.js';

describe('applying the reports of one message or webhook request', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.cleanup());

  /** `count` messages, each to its own address, as the outbox holds them once sent. */
  async function sentMessages(count: number): Promise<Message[]> {
    const messages: Message[] = [];
    for (let i = 0; i < count; i++) {
      // An inviter each, so no inviter limit or throttle comes into it.
      const inviter = await createMember(t.core, { email: `inviter.${i}@example.org`, name: 'Inviter' });
      const { invitation } = await invite(t.core, {
        inviterId: inviter.id,
        email: `person.${i}@example.net`,
      });
      const [message] = await t.core.store.listMessagesForInvitation(invitation.id);
      if (!message) throw new Error('no message');
      messages.push(message);
    }
    return messages;
  }

  const hardBounce = (message: Message, i: number): InboundReport => ({
    category: 'hard',
    status: '5.1.1',
    hints: { kindlyMessageId: message.id, recipient: `person.${i}@example.net` },
  });

  it('commits a few events per durable transaction and lets the event loop turn between them', async () => {
    const messages = await sentMessages(25);
    const store = t.core.store;
    let commits = 0;
    t.core.store = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'durableTransaction' || typeof value !== 'function') return value;
        return (work: (tx: Store) => Promise<unknown>) => {
          commits += 1;
          return value.call(target, work);
        };
      },
    });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turnsBefore = turns;
    const applied = await applyReports(t.core, 'smtp', messages.map(hardBounce), silentLogger);
    ticking = false;
    t.core.store = store;
    expect(applied.outcomes).toEqual(Array(25).fill('suppressed'));
    expect(commits).toBe(Math.ceil(25 / eventsPerTransaction));
    // SQLite answers synchronously: without the turns between batches, no immediate would run.
    expect(turns - turnsBefore).toBeGreaterThanOrEqual(2);
  });

  it('reads at most maxReports, counting the rest as ignored', async () => {
    const messages = await sentMessages(3);
    const observed: string[] = [];
    const applied = await applyReports(
      t.core,
      'smtp',
      messages.map(hardBounce),
      silentLogger,
      { onInbound: (_source, outcome) => observed.push(outcome) },
      { maxReports: 2 },
    );
    expect(applied).toEqual({ outcomes: ['suppressed', 'suppressed'], uncorrelated: 0, ignored: 1 });
    expect(observed.sort()).toEqual(['ignored', 'suppressed', 'suppressed']);
    expect((await t.core.store.findSuppressions(t.core.keyOf('person.2@example.net'))).length).toBe(0);
  });
});
