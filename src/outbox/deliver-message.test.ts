/**
 * Consent at the last moment: suppression is checked again right before SMTP, so an opt-out that
 * lands while a message waits in the queue (or is already leased by a worker) still stops it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestDoNotContact } from '../core/do-not-contact.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { defaultRetryPolicy } from '../core/retry-policy.js';
import { suppress } from '../core/suppress.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { addSuppressionRow, createTestCore, type TestCore, testDeliveryDeps } from '../testing/test-core.js';
import type { DeliveryDeps } from './deliver-message.js';
import { deliverMessage } from './deliver-message.js';
import { createOutboxWorker } from './outbox-worker.js';

describe('suppression re-checked at SMTP hand-off', () => {
  let t: TestCore;
  let peer: SmtpPeer;
  let deps: DeliveryDeps;

  beforeEach(async () => {
    t = await createTestCore();
    peer = await startSmtpPeer();
    deps = testDeliveryDeps(t.core, createSmtpMailer({ url: peer.url, pool: false }));
  });

  afterEach(async () => {
    await deps.mailer.close();
    await peer.close();
    await t.cleanup();
  });

  async function queuedInvitation(email: string) {
    const inviter = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(t.core, { inviterId: inviter.id, email });
    const [message] = await t.core.store.listMessagesForInvitation(invitation.id);
    if (!message) throw new Error('no message queued');
    return { inviter, invitation, message };
  }

  it('sends an unsuppressed message (the control case)', async () => {
    await queuedInvitation('bob@example.net');
    const worker = createOutboxWorker(deps, { pollMs: 1000, leaseMs: 60_000, batchSize: 10 });
    expect(await worker.runOnce()).toEqual(['sent']);
    expect(peer.received.map((mail) => mail.envelopeTo)).toEqual([['bob@example.net']]);
  });

  it('retries a transient failure of a message that waited days in the queue, counting age from the failure', async () => {
    const { message } = await queuedInvitation('late@example.net');
    // Older than the retry policy's maximum age before its first attempt, as a reminder or digest is.
    t.clock.advance(defaultRetryPolicy.maxAgeMs + 86_400_000);
    peer.answerRcpt = () => ({ code: 451, message: '4.7.1 try again later' });
    const worker = createOutboxWorker(deps, { pollMs: 1000, leaseMs: 60_000, batchSize: 10 });
    expect(await worker.runOnce()).toEqual(['retry']);
    const waiting = await t.core.store.getMessage(message.id);
    expect(waiting).toMatchObject({ state: 'queued', retrySince: t.clock.now().toISOString() });
    peer.answerRcpt = () => 'accept';
    t.clock.set(new Date(waiting?.dueAt ?? 0));
    expect(await worker.runOnce()).toEqual(['sent']);
    expect(peer.received).toHaveLength(1);
  });

  it('sends nothing when a suppression row appears after queueing (another process wrote it)', async () => {
    const { invitation, message } = await queuedInvitation('bob@example.net');
    // Written as another process's bounce handler would: straight to the store, cancelling nothing.
    await addSuppressionRow(t.core, { key: t.core.keyOf('bob@example.net'), reason: 'hard-bounce' });
    const worker = createOutboxWorker(deps, { pollMs: 1000, leaseMs: 60_000, batchSize: 10 });
    expect(await worker.runOnce()).toEqual(['suppressed']);
    expect(peer.received).toHaveLength(0);
    expect((await t.core.store.getMessage(message.id))?.state).toBe('suppressed');
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
  });

  it('sends nothing when the address opts out after a worker leased the message', async () => {
    const { message } = await queuedInvitation('Bob.Smith+x@gmail.com');
    const now = t.clock.now();
    const leased = await t.core.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + 60_000).toISOString(),
      10,
    );
    expect(leased.map((m) => m.id)).toEqual([message.id]);
    await suppress(t.core, {
      key: t.core.keyOf('bobsmith@gmail.com'),
      scope: 'global',
      reason: 'stop',
      source: 'test',
      actor: 'recipient',
    });
    const [claimed] = leased;
    if (!claimed) throw new Error('nothing leased');
    expect(await deliverMessage(deps, claimed)).not.toBe('sent');
    expect(peer.received).toHaveLength(0);
  });

  it("sends nothing when the inviter is blocked after queueing, but still sends another inviter's", async () => {
    const { inviter } = await queuedInvitation('bob@example.net');
    const other = await createMember(t.core, { email: 'carol@example.org', name: 'Carol' });
    await invite(t.core, { inviterId: other.id, email: 'bob@example.net' });
    await addSuppressionRow(t.core, {
      key: t.core.keyOf('bob@example.net'),
      scope: `inviter:${inviter.id}`,
      reason: 'decline-block',
    });
    const worker = createOutboxWorker(deps, { pollMs: 1000, leaseMs: 60_000, batchSize: 10 });
    expect((await worker.runOnce()).sort()).toEqual(['sent', 'suppressed']);
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]?.parsed.from?.text).toContain('Carol');
  });

  it('sends no do-not-contact confirmation to an address suppressed after it was asked for', async () => {
    await requestDoNotContact(t.core, 'dora@example.net');
    await addSuppressionRow(t.core, { key: t.core.keyOf('dora@example.net'), reason: 'complaint' });
    const worker = createOutboxWorker(deps, { pollMs: 1000, leaseMs: 60_000, batchSize: 10 });
    expect(await worker.runOnce()).toEqual(['suppressed']);
    expect(peer.received).toHaveLength(0);
  });
});
