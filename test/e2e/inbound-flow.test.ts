/**
 * What comes back, end to end: the real `kindly serve` sends invitations to a real SMTP peer; bounces,
 * feedback-loop complaints and unsubscribes are built as the outside world builds them (and as a forger
 * would) and delivered to Kindly's inbound listener over SMTP. Reports tied to our mail by a secret
 * suppress and close; reports naming only an address change nothing; and a recipient silenced by a
 * complaint lifts it from a link mailed on their request.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appleUnsubscribe,
  deliveryStatusReport,
  feedbackReport,
  hotmailComplaint,
} from '../../src/mail/testing/inbound-mail.js';
import { describeBackends } from '../../src/testing/describe-backends.js';
import { formsOf, submitForm } from '../../src/testing/forms.js';
import {
  headerOf,
  type InboundWorld,
  originalHeaders,
  startInboundWorld,
} from '../../src/testing/inbound-world.js';
import { testBackends } from '../../src/testing/postgres-database.js';
import type { ReceivedMail } from '../../src/testing/smtp-peer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Postfix-style RFC 3464 bounce for `mail`, addressed to the return path it carried. */
function deliveryStatusNotification(mail: ReceivedMail, recipient: string): string {
  const boundary = 'B0UNCE.1772528400/mx.example.com';
  return [
    'Return-Path: <>',
    'Date: Tue, 3 Mar 2026 09:00:05 +0000 (UTC)',
    'From: MAILER-DAEMON@mx.example.com (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${mail.envelopeFrom}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    'Message-Id: <20260303090005.4F2E1@mx.example.com>',
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.com.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    `<${recipient}>: host mx.example.com[192.0.2.25] said: 550 5.1.1`,
    `    <${recipient}>: Recipient address rejected: User unknown (in reply to RCPT TO command)`,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    'X-Postfix-Queue-ID: 4F2E1',
    `X-Postfix-Sender: rfc822; ${mail.envelopeFrom}`,
    'Arrival-Date: Tue, 3 Mar 2026 09:00:04 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx.example.com',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    originalHeaders(mail).trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** The header block of `mail` with its recipient replaced, as a feedback loop that redacts sends it. */
function redactedHeaders(mail: ReceivedMail): string {
  return originalHeaders(mail).replace(/^To:.*(\r\n[ \t].*)*/im, 'To: redacted@redacted');
}

const fbl = { from: 'fbl@mailbox.example', to: ['bounce+fbl@kindly.test'] };

const databases = await testBackends();

describeBackends(databases, 'inbound mail on $name', (database) => {
  let world: InboundWorld;

  beforeAll(async () => {
    world = await startInboundWorld(database);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function deliver(envelope: { from: string; to: string[] }, raw: string) {
    const answer = await world.deliver(envelope, raw);
    expect(answer.response).toMatch(/^250 /);
    return answer;
  }

  async function expectClosed(invitationId: string, email: string, reason: string) {
    expect(await world.suppressedAs(email)).toBe(reason);
    const invitation = (await world.kindly.api('GET', `/v1/invitations/${invitationId}`)).body;
    expect(invitation.status).toBe('undeliverable');
    expect(invitation.reminders).toMatchObject({ sent: 0, nextAt: null });
    // No reminder (nor anything else) is left waiting in the outbox.
    const queued = (await world.store.listMessagesForInvitation(invitationId)).filter(
      (m) => m.state === 'queued',
    );
    expect(queued).toEqual([]);
  }

  async function expectOpen(invitationId: string, email: string) {
    expect(await world.suppressedAs(email)).toBeNull();
    expect((await world.kindly.api('GET', `/v1/invitations/${invitationId}`)).body.status).toBe('pending');
  }

  /** What the listener logged it did with each message: reports tied to nothing, among others. */
  function uncorrelatedLogged(): number {
    return world.kindly.logs
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"inbound message processed"'))
      .reduce((sum, line) => sum + ((JSON.parse(line) as { uncorrelated?: number }).uncorrelated ?? 0), 0);
  }

  it('suppresses on a DSN, a redacted ARF complaint and a mailto unsubscribe, and sends nothing more', async () => {
    const inviterId = await world.member('Alice Archer');

    // 1. A hard bounce, to the VERP return path the peer saw.
    const bounced = await world.inviteAndReceive(inviterId, 'carol@example.com');
    expect(bounced.mail.envelopeFrom).toMatch(/^bounce\+[A-Za-z0-9_-]{22,}@kindly\.test$/);
    await deliver(
      { from: '', to: [bounced.mail.envelopeFrom] },
      deliveryStatusNotification(bounced.mail, 'carol@example.com'),
    );
    await expectClosed(bounced.id, 'carol@example.com', 'hard-bounce');
    const again = await world.kindly.api('POST', '/v1/invitations', {
      inviterId,
      email: 'carol@example.com',
    });
    expect(again.body.status).toBe('undeliverable');

    // 2. A complaint whose recipient is redacted, to a feedback-loop address that is no VERP path:
    //    only the Message-ID and X-Kindly-Message in the attached headers name the message.
    const complained = await world.inviteAndReceive(inviterId, 'dave@example.org');
    const report = feedbackReport({
      recipient: 'redacted@redacted',
      originalHeaders: redactedHeaders(complained.mail),
    });
    expect(report).not.toContain('dave@example.org');
    expect(report).toContain(headerOf(complained.mail, 'Message-ID'));
    await deliver(fbl, report);
    await expectClosed(complained.id, 'dave@example.org', 'complaint');

    // 3. The mailto of List-Unsubscribe, as a mail client sends it (Apple Mail's, here).
    const stopped = await world.inviteAndReceive(inviterId, 'erin@example.net');
    const mailto = /<mailto:(unsubscribe\+[A-Za-z0-9_-]+@kindly\.test)>/.exec(
      headerOf(stopped.mail, 'List-Unsubscribe'),
    )?.[1];
    if (!mailto) throw new Error('no mailto in List-Unsubscribe');
    await deliver({ from: 'erin@example.net', to: [mailto] }, appleUnsubscribe('erin@example.net', mailto));
    await expectClosed(stopped.id, 'erin@example.net', 'stop');

    // The worker polls every 100 ms: give it time to send anything it still would.
    await sleep(1_000);
    const to = ['carol@example.com', 'dave@example.org', 'erin@example.net'];
    expect(world.peer.received.filter((mail) => to.includes(mail.envelopeTo[0] ?? ''))).toHaveLength(3);
    expect(world.kindly.logs.join('\n')).not.toMatch(/"level":(50|60)/);
  });

  it('changes nothing for a forged ARF, DSN, JMRP or Apple unsubscribe that names only an address', async () => {
    const inviterId = await world.member('Fiona Forge');
    // One victim got a do-not-contact confirmation (someone typed their address into the page)…
    const confirmed = 'victor@example.net';
    const mailed = world.peer.received.length;
    const asked = await submitForm(`${world.kindly.baseUrl}/do-not-contact`, '/do-not-contact', {
      email: confirmed,
    });
    expect(asked.status).toBe(200);
    await world.peer.waitFor(mailed + 1);
    // …the other was invited a moment ago, and the invitation is open.
    const invited = await world.inviteAndReceive(inviterId, 'wendy@example.org');

    const before = uncorrelatedLogged();
    const madeUpToken = 'MadeUpVerpToken_0123456789abcdef';
    for (const victim of [confirmed, 'wendy@example.org']) {
      await deliver(fbl, feedbackReport({ recipient: victim }));
      await deliver(fbl, deliveryStatusReport('fbl', victim, '5.1.1'));
      await deliver(
        { from: '', to: [`bounce+${madeUpToken}@kindly.test`] },
        deliveryStatusReport(madeUpToken, victim, '5.1.1'),
      );
      await deliver(fbl, hotmailComplaint(victim));
      await deliver(
        { from: victim, to: ['bounce+fbl@kindly.test'] },
        appleUnsubscribe(victim, 'bounce+fbl@kindly.test'),
      );
    }
    expect(await world.suppressedAs(confirmed)).toBeNull();
    await expectOpen(invited.id, 'wendy@example.org');
    expect(uncorrelatedLogged() - before).toBe(10);
  });

  it('suppresses a JMRP complaint carrying our headers, but not a report of our message naming somebody else', async () => {
    const inviterId = await world.member('Gina Genuine');
    const frank = await world.inviteAndReceive(inviterId, 'frank@example.org');
    const grace = await world.inviteAndReceive(inviterId, 'grace@example.org');

    // Frank's message's headers, but the report says Grace complained: neither is touched.
    await deliver(
      fbl,
      feedbackReport({ recipient: 'grace@example.org', originalHeaders: originalHeaders(frank.mail) }),
    );
    await deliver(fbl, hotmailComplaint('grace@example.org', originalHeaders(frank.mail)));
    await expectOpen(frank.id, 'frank@example.org');
    await expectOpen(grace.id, 'grace@example.org');

    await deliver(fbl, hotmailComplaint('grace@example.org', originalHeaders(grace.mail)));
    await expectClosed(grace.id, 'grace@example.org', 'complaint');
  });

  it('refuses the 11th recipient of one message with 452 and handles it for ten', async () => {
    const to = Array.from({ length: 11 }, (_, i) => `bounce+fbl${i}@kindly.test`);
    const answer = await deliver({ from: '', to }, feedbackReport({ recipient: 'nobody@example.net' }));
    expect(answer.accepted).toEqual(to.slice(0, 10));
    expect(answer.rejected).toEqual([to[10]]);
    expect(answer.rejectedErrors[0]).toMatchObject({ responseCode: 452 });
    expect(answer.rejectedErrors[0]?.response).toMatch(/^452 4\.5\.3 Too many recipients/);
  });

  it('lets the owner of a mailbox silenced by a complaint lift it from a link mailed on request', async () => {
    const inviterId = await world.member('Hana Host');
    const henry = 'henry@example.net';
    const first = await world.inviteAndReceive(inviterId, henry);
    await deliver(fbl, hotmailComplaint(henry, originalHeaders(first.mail)));
    await expectClosed(first.id, henry, 'complaint');

    // The form answers alike for a suppressed, an unknown and a member's address.
    const form = `${world.kindly.baseUrl}/do-not-contact/resume`;
    const mailed = world.peer.received.length;
    const pages: string[] = [];
    for (const email of [henry, 'nobody.known@example.net', 'member.1@example.org']) {
      const asked = await submitForm(form, '/do-not-contact/resume', { email });
      expect(asked.status).toBe(200);
      pages.push(asked.html);
    }
    expect(new Set(pages).size).toBe(1);

    const received = await world.peer.waitFor(mailed + 3);
    const linkMail = received.find(
      (mail) => mail.envelopeTo[0] === henry && headerOf(mail, 'X-Kindly-Kind') === 'resume',
    );
    const link = /(http:\/\/[^\s]+\/do-not-contact\/resume\/[A-Za-z0-9_-]+)/.exec(
      linkMail?.parsed.text ?? '',
    )?.[1];
    if (!link) throw new Error('no resume link mailed to henry');
    const page = await fetch(link);
    expect(formsOf(await page.text())).toHaveLength(1);
    expect(await world.suppressedAs(henry)).toBe('complaint');
    const done = await submitForm(link, new URL(link).pathname);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Done: people can invite you again');
    expect(await world.suppressedAs(henry)).toBeNull();
    // Closed stays closed; a new invitation is mailed again.
    expect((await world.kindly.api('GET', `/v1/invitations/${first.id}`)).body.status).toBe('undeliverable');
    const other = await world.member('Ivo Invites');
    await world.inviteAndReceive(other, henry);
  });
});
