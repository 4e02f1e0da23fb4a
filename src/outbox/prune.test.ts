/**
 * Pruning keeps the rule tables from growing for ever without changing any rule: cap slots go only
 * once they are older than the recipient window, soft bounces once older than their 7-day window,
 * gate rows once idle. On SQLite and Postgres.
 */
import { expect, it } from 'vitest';
import { applyInboundEvent, type InboundEvent } from '../core/inbound-events.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { dayMs } from '../core/rules.js';
import { type Backend, consentBackends, useConsentWorld } from '../testing/consent-world.js';
import { describeBackends } from '../testing/describe-backends.js';
import { runScheduledWork } from './scheduler.js';

const backends = await consentBackends('the Postgres half of the pruning tests');
const minuteMs = 60_000;

describeBackends(backends, 'pruning on $name', (backend: Backend) => {
  const w = useConsentWorld(backend);

  async function rows() {
    const count = async (table: 'cap_slots' | 'gates' | 'soft_bounces') =>
      Number(
        (
          await w.db
            .selectFrom(table as 'gates')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      capSlots: await count('cap_slots'),
      gates: await count('gates'),
      softBounces: await count('soft_bounces'),
    };
  }

  const softBounce = (email: string, messageId: string): InboundEvent => ({
    category: 'soft',
    source: 'smtp',
    target: { addressKey: w.core.keyOf(email), invitationId: null, messageId, via: 'verp' },
  });

  it('deletes gates when idle, soft bounces after 7 days and cap slots after the window, never sooner', async () => {
    const start = w.clock.now().getTime();
    const inviters = [];
    for (const name of ['alice', 'carol', 'dave', 'erin']) {
      inviters.push(await createMember(w.core, { email: `${name}@example.org`, name }));
    }
    for (const inviter of inviters.slice(0, 3)) {
      await invite(w.core, { inviterId: inviter.id, email: 'bob@example.net', reminders: 0 });
    }
    expect(await w.smtp.drain()).toBe(3);
    await applyInboundEvent(w.core, softBounce('bob@example.net', 'msg-1'));
    await applyInboundEvent(w.core, softBounce('bob@example.net', 'msg-2'));
    const before = await rows();
    expect(before).toMatchObject({ capSlots: 3, softBounces: 2 });
    expect(before.gates).toBeGreaterThan(0);

    // Within a day nothing is old enough.
    w.clock.set(new Date(start + dayMs - minuteMs));
    expect((await runScheduledWork(w.core)).pruned).toBe(0);
    expect(await rows()).toEqual(before);

    // Two days on: the idle gates go, the rest stays.
    w.clock.set(new Date(start + 2 * dayMs));
    expect((await runScheduledWork(w.core)).pruned).toBe(before.gates);
    expect(await rows()).toEqual({ capSlots: 3, gates: 0, softBounces: 2 });

    // Eight days on: the soft bounces are out of their window; a third one counts alone.
    w.clock.set(new Date(start + 8 * dayMs));
    expect((await runScheduledWork(w.core)).pruned).toBe(2);
    expect(await rows()).toMatchObject({ capSlots: 3, softBounces: 0 });
    expect(await applyInboundEvent(w.core, softBounce('bob@example.net', 'msg-3'))).toBe('counted');

    // Day 29: the window is still full, its slots stay, and a fourth invitation waits for the digest.
    w.clock.set(new Date(start + 29 * dayMs));
    await runScheduledWork(w.core);
    expect((await rows()).capSlots).toBe(3);
    const fourth = await invite(w.core, { inviterId: inviters[3]?.id ?? '', email: 'bob@example.net' });
    await w.smtp.drain();
    expect(w.peer.received).toHaveLength(3);
    expect((await w.core.store.getInvitation(fourth.invitation.id))?.delivery).toBe('deferred');

    // Past the window the three slots go, and the digest is let through (taking a new one).
    w.clock.set(new Date(start + 30 * dayMs + minuteMs));
    await runScheduledWork(w.core);
    expect((await rows()).capSlots).toBe(0);
    expect(await w.smtp.drain()).toBe(1);
    expect(w.peer.received).toHaveLength(4);
    expect((await rows()).capSlots).toBe(1);
  });
});
