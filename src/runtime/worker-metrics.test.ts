/**
 * The worker's metrics as an operator scrapes them: a real SQLite store, a real SMTP peer that takes,
 * defers and refuses mail, and the registry's text read back line by line.
 */
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestDoNotContact } from '../core/do-not-contact.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { messageKinds } from '../core/model.js';
import type { Mailer } from '../core/ports.js';
import { defaultRetryPolicy } from '../core/retry-policy.js';
import { dayMs } from '../core/rules.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outbox-worker.js';
import { counted, samples } from '../testing/metrics-text.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { addSuppressionRow, createTestCore, type TestCore, testDeliveryDeps } from '../testing/test-core.js';
import { createWorkerMetrics } from './worker-metrics.js';

describe('worker metrics', () => {
  let t: TestCore;
  let peer: SmtpPeer;
  let mailer: Mailer;
  let registry: Registry;
  let worker: OutboxWorker;

  beforeEach(async () => {
    t = await createTestCore();
    peer = await startSmtpPeer();
    peer.answerRcpt = (address) => {
      if (address.startsWith('dave@')) return { code: 550, message: '5.1.1 no such user' };
      if (address.startsWith('erin@')) return { code: 451, message: '4.3.0 try again later' };
      return 'accept';
    };
    mailer = createSmtpMailer({ url: peer.url, pool: false });
    registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    worker = createOutboxWorker(testDeliveryDeps(t.core, metrics.timed(mailer)), {
      pollMs: 1000,
      leaseMs: 60_000,
      batchSize: 10,
      observer: metrics,
    });
  });

  afterEach(async () => {
    await mailer.close();
    await peer.close();
    await t.cleanup();
  });

  async function invitationTo(email: string, reminders = 0) {
    const alice = await createMember(t.core, { email: `alice.${email}`, name: 'Alice' });
    const { invitation } = await invite(t.core, { inviterId: alice.id, email, reminders });
    return invitation;
  }

  it('counts every message by kind and outcome, and times each hand-off to SMTP', async () => {
    await invitationTo('bob@example.net');
    await invitationTo('carol@example.net');
    await invitationTo('dave@example.net');
    await invitationTo('erin@example.net');
    await requestDoNotContact(t.core, 'frank@example.net');
    // Someone posts an address that opted out already: its confirmation is stopped at hand-off.
    await addSuppressionRow(t.core, { key: t.core.keyOf('gina@example.net'), reason: 'stop' });
    await requestDoNotContact(t.core, 'gina@example.net');
    // Lands after carol's invitation was queued, as an opt-out does while mail waits: stopped at hand-off.
    await addSuppressionRow(t.core, { key: t.core.keyOf('carol@example.net'), reason: 'stop' });

    const outcomes = await worker.runOnce();
    expect([...outcomes].sort()).toEqual(['failed', 'retry', 'sent', 'sent', 'suppressed', 'suppressed']);
    expect(peer.received.flatMap((mail) => mail.envelopeTo).sort()).toEqual([
      'bob@example.net',
      'frank@example.net',
    ]);

    const text = await registry.metrics();
    expect(counted(text, 'kindly_messages_total')).toEqual({
      'kind="invitation",outcome="sent"': 1,
      'kind="invitation",outcome="suppressed"': 1,
      'kind="invitation",outcome="failed"': 1,
      'kind="invitation",outcome="retry"': 1,
      // Frank's went, Gina's was stopped: counted alike, so the series cannot tell who opted out.
      'kind="confirmation",outcome="sent"': 2,
    });
    // Every kind and outcome is there from the start, at zero, for rate() and alerts.
    const all = samples(text, 'kindly_messages_total');
    expect(Object.keys(all)).toHaveLength(messageKinds.length * 8);
    expect(all['kind="digest",outcome="lost"']).toBe(0);
    // Carol's message never reached SMTP; dave's 550 and erin's 451 did, and are timed as errors.
    // Confirmations are not timed at all, for the same reason as above.
    expect(samples(text, 'kindly_smtp_send_seconds_count')).toEqual({
      'result="accepted"': 1,
      'result="error"': 2,
    });
    expect(samples(text, 'kindly_smtp_send_seconds_sum')['result="accepted"']).toBeGreaterThan(0);
    // toMatchObject: other sweeps (pruning) report here too.
    expect(samples(text, 'kindly_scheduler_swept_total')).toMatchObject({
      'sweep="expired"': 0,
      'sweep="redacted"': 0,
    });

    // Erin's retry comes due and is deferred again: one more retry, nothing else moves.
    t.clock.advance(defaultRetryPolicy.maxDelayMs);
    expect(await worker.runOnce()).toEqual(['retry']);
    expect(counted(await registry.metrics(), 'kindly_messages_total')).toMatchObject({
      'kind="invitation",outcome="retry"': 2,
      'kind="invitation",outcome="sent"': 1,
    });
  });

  it('counts reminders, and what the expiry and redaction sweeps changed', async () => {
    const invitation = await invitationTo('bob@example.net', 1);
    expect(await worker.runOnce()).toEqual(['sent']);
    t.clock.advance(t.core.rules.reminderIntervalDays * dayMs);
    expect(await worker.runOnce()).toEqual(['sent']);
    t.clock.advance((t.core.rules.expiryDays - t.core.rules.reminderIntervalDays + 1) * dayMs);
    expect(await worker.runOnce()).toEqual([]);
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('expired');

    let text = await registry.metrics();
    expect(counted(text, 'kindly_messages_total')).toEqual({
      'kind="invitation",outcome="sent"': 1,
      'kind="reminder",outcome="sent"': 1,
    });
    expect(samples(text, 'kindly_scheduler_swept_total')).toMatchObject({
      'sweep="expired"': 1,
      'sweep="redacted"': 0,
    });

    t.clock.advance((t.core.rules.redactAfterDays + 1) * dayMs);
    await worker.runOnce();
    text = await registry.metrics();
    expect(samples(text, 'kindly_scheduler_swept_total')).toMatchObject({
      'sweep="expired"': 1,
      'sweep="redacted"': 1,
    });
  });
});
