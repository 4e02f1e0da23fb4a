/**
 * The one exception to "never mail a suppressed address", end to end through the worker and a real
 * SMTP peer: the resume link its owner asked for goes out; every other kind to that address is
 * stopped at the hand-off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestDoNotContact } from '../core/do-not-contact.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Mailer } from '../core/ports.js';
import { requestResumeLink } from '../core/resume-link.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { addSuppressionRow, createTestCore, type TestCore, testDeliveryDeps } from '../testing/test-core.js';
import { createOutboxWorker } from './outbox-worker.js';

describe('mailing a resume link', () => {
  let t: TestCore;
  let peer: SmtpPeer;
  let mailer: Mailer;

  beforeEach(async () => {
    t = await createTestCore();
    peer = await startSmtpPeer();
    mailer = createSmtpMailer({ url: peer.url, pool: false });
  });
  afterEach(async () => {
    await mailer.close();
    await peer.close();
    await t.cleanup();
  });

  it('sends the link to a suppressed address, and nothing else queued for it', async () => {
    const email = 'complainer@example.org';
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    await invite(t.core, { inviterId: alice.id, email });
    await requestDoNotContact(t.core, email);
    await requestResumeLink(t.core, email);
    // The complaint lands while all three wait in the outbox.
    await addSuppressionRow(t.core, { key: t.core.keyOf(email), reason: 'complaint' });

    const worker = createOutboxWorker(testDeliveryDeps(t.core, mailer), {
      pollMs: 1000,
      leaseMs: 60_000,
      batchSize: 10,
    });
    expect([...(await worker.runOnce())].sort()).toEqual(['sent', 'suppressed', 'suppressed']);
    expect(peer.received).toHaveLength(1);
    const [mail] = peer.received;
    expect(mail?.envelopeTo).toEqual([email]);
    expect(mail?.parsed.headers.get('x-kindly-kind')).toBe('resume');
    expect(mail?.parsed.headers.has('list-unsubscribe')).toBe(false);
    expect(mail?.parsed.text).toMatch(/https:\/\/kindly\.test\/do-not-contact\/resume\/[A-Za-z0-9_-]{32}\n/);
    expect(mail?.parsed.text).toContain('within 15 minutes');
  });
});
