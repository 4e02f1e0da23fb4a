/**
 * Recipients stopping while the worker sends to them: each stop and each send record touch the same
 * invitation and message rows, in two transactions at once. Every stop must succeed (an opt-out never
 * answers 500 because a send was being recorded), and every invitation ends `undeliverable`. On
 * Postgres this runs truly side by side, and both sides lock invitation, message and outcome rows in
 * the same order, so Postgres never has to end one as a deadlock; SQLite takes one writer at a time.
 */
import { expect, it } from 'vitest';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { suppress } from '../core/suppress.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { openStore } from '../store/open-store.js';
import { type Backend, consentBackends, useConsentWorld } from '../testing/consent-world.js';
import { describeBackends } from '../testing/describe-backends.js';
import { testDeliveryDeps } from '../testing/test-core.js';
import { createOutboxWorker } from './outbox-worker.js';

const backends = await consentBackends('the Postgres half of the stop-during-send test');
const total = 120;

describeBackends(backends, 'stops while sending on $name', (backend: Backend) => {
  const w = useConsentWorld(backend);

  it('lets every stop commit while the worker records sends to the same invitations', async () => {
    const inviters = [];
    for (let i = 0; i < 12; i++) {
      inviters.push(await createMember(w.core, { email: `inviter${i}@example.org`, name: `Inviter ${i}` }));
    }
    const invited = [];
    for (let i = 0; i < total; i++) {
      const email = `recipient${i}@example.net`;
      const inviterId = inviters[i % inviters.length]?.id ?? '';
      const { invitation } = await invite(w.core, { inviterId, email, reminders: 1 });
      invited.push({ email, invitation });
    }

    // Its own pool, to count the transactions the database ended as conflicts.
    const conflicts: string[] = [];
    const { store } = await openStore(backend.url, {
      migrate: false,
      onConflict: (error) => conflicts.push(String((error as { code?: string }).code)),
    });
    const core = { ...w.core, store };
    const mailer = createSmtpMailer({ url: w.peer.url, maxConnections: 4 });
    const worker = createOutboxWorker(testDeliveryDeps(core, mailer), {
      pollMs: 1000,
      leaseMs: 60_000,
      batchSize: 20,
      concurrency: 4,
    });
    // Each recipient stops the moment their copy arrives, while the worker is about to record it as
    // sent: the two transactions meet on the same invitation and message rows. A third of the
    // addresses stop before anything was sent to them.
    const invitationOf = new Map(invited.map(({ email, invitation }) => [email, invitation.id]));
    const stops: Array<Promise<void>> = [];
    const stop = (email: string) =>
      stops.push(
        suppress(core, {
          key: core.keyOf(email),
          scope: 'global',
          reason: 'stop',
          source: 'link',
          actor: 'recipient',
          invitationId: invitationOf.get(email) ?? null,
        }),
      );
    w.peer.answerData = (mail) => {
      const email = mail.envelopeTo[0] ?? '';
      const pause = stops.length % 4;
      setTimeout(() => stop(email), pause);
      return 'accept';
    };
    for (const { email } of invited.filter((_, index) => index % 3 === 2)) stop(email);
    try {
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const settled = await Promise.allSettled(stops);
      expect(settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason))).toEqual([]);
      await worker.drain();
    } finally {
      await mailer.close();
      await store.close();
    }
    expect(conflicts).toEqual([]);

    const states = new Map<string, number>();
    let sent = 0;
    for (const { invitation } of invited) {
      expect((await w.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
      for (const message of await w.core.store.listMessagesForInvitation(invitation.id)) {
        states.set(message.state, (states.get(message.state) ?? 0) + 1);
        if (message.state === 'sent') sent += 1;
        // A stop closes the invitation, so no reminder is left waiting.
        expect(message.state).not.toBe('queued');
      }
    }
    expect(w.peer.received).toHaveLength(sent);
    expect([...states.keys()].every((state) => ['sent', 'suppressed', 'cancelled'].includes(state))).toBe(
      true,
    );
    console.log(`stops during sends on ${backend.name}: ${JSON.stringify(Object.fromEntries(states))}`);
  });
});
