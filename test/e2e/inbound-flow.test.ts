/**
 * What comes back, end to end: the real `kindly serve` sends invitations to a real SMTP peer; a
 * bounce, a feedback-loop complaint and a mailto unsubscribe are built as the outside world builds
 * them and delivered to Kindly's inbound listener over SMTP; the address ends up suppressed, the
 * invitation undeliverable, and nothing more is sent.
 */
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { describeBackends } from '../../src/testing/describe-backends.js';
import { freePort, type KindlyProcess, startKindlyProcess } from '../../src/testing/kindly-process.js';
import { testBackends } from '../../src/testing/postgres-database.js';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from '../../src/testing/smtp-peer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function header(mail: ReceivedMail, name: string): string {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The header block of the message as the peer received it, as an MTA attaches it to a report. */
function originalHeaders(mail: ReceivedMail): string {
  return mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n') + 2);
}

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

/**
 * An RFC 5965 abuse report as a mailbox provider's feedback loop sends it, with the recipient
 * redacted everywhere: Original-Rcpt-To is a placeholder and the To header is replaced.
 */
function abuseReport(mail: ReceivedMail): string {
  const boundary = 'ARF_boundary_0001';
  const redacted = originalHeaders(mail)
    .replace(/^To:.*(\r\n[ \t].*)*/im, 'To: redacted@redacted')
    .trimEnd();
  return [
    'From: Feedback Loop <fbl@mailbox.example>',
    'To: bounce+fbl@kindly.test',
    'Subject: Abuse report',
    'Date: Tue, 3 Mar 2026 10:00:00 +0000',
    'Message-ID: <arf-0001@mailbox.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="US-ASCII"',
    'Content-Transfer-Encoding: 7bit',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    'A user of mailbox.example marked it as spam.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: MailboxFBL/2.0',
    'Version: 1',
    'Original-Rcpt-To: <redacted@redacted>',
    'Arrival-Date: Tue, 3 Mar 2026 09:00:04 +0000',
    'Reported-Domain: kindly.test',
    'Source-IP: 192.0.2.1',
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    redacted,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

const databases = await testBackends();

describeBackends(databases, 'inbound mail on $name', (database) => {
  let peer: SmtpPeer;
  let kindly: KindlyProcess;
  let inboundPort: number;
  let store: Store;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    inboundPort = await freePort();
    kindly = await startKindlyProcess({
      KINDLY_SMTP_URL: peer.url,
      KINDLY_FROM: 'invitations@kindly.test',
      KINDLY_INBOUND_PORT: String(inboundPort),
      KINDLY_INBOUND_HOST: '127.0.0.1',
      ...(database.url ? { KINDLY_DATABASE_URL: database.url } : {}),
    });
    // A second look at the same database, to see the outbox the API does not show.
    ({ store } = await openStore(database.url ?? `sqlite:${kindly.dataDir}/kindly.db`, { migrate: false }));
  });

  afterAll(async () => {
    await store?.close();
    await kindly?.stop();
    await peer?.close();
    await database.drop?.();
  });

  /** Delivers raw mail to Kindly's inbound listener over SMTP, as the remote MTA would. */
  async function deliverToInbound(envelope: { from: string; to: string }, raw: string) {
    const transport = createTransport({
      host: '127.0.0.1',
      port: inboundPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const info = await transport.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw });
      expect(info.response).toMatch(/^250 /);
    } finally {
      transport.close();
    }
  }

  async function inviteAndReceive(inviterId: string, email: string, count: number) {
    const created = await kindly.api('POST', '/v1/invitations', { inviterId, email, reminders: 2 });
    expect(created.status).toBe(201);
    const mail = (await peer.waitFor(count))[count - 1];
    if (!mail) throw new Error(`no mail to ${email}`);
    expect(mail.envelopeTo).toEqual([email]);
    return { id: created.body.id as string, mail };
  }

  async function expectClosed(invitationId: string, email: string, reason: string) {
    const check = await kindly.api('GET', `/v1/suppressions/check?email=${encodeURIComponent(email)}`);
    expect(check.body).toEqual({ suppressed: true, scope: 'global', reason });
    const invitation = (await kindly.api('GET', `/v1/invitations/${invitationId}`)).body;
    expect(invitation.status).toBe('undeliverable');
    expect(invitation.reminders).toMatchObject({ sent: 0, nextAt: null });
    // No reminder (nor anything else) is left waiting in the outbox.
    const queued = (await store.listMessagesForInvitation(invitationId)).filter((m) => m.state === 'queued');
    expect(queued).toEqual([]);
  }

  it('suppresses on a DSN, a redacted ARF complaint and a mailto unsubscribe, and sends nothing more', async () => {
    const alice = await kindly.api('POST', '/v1/members', {
      email: 'alice@example.org',
      name: 'Alice Archer',
    });
    expect(alice.status).toBe(201);
    const inviterId = alice.body.id as string;

    // 1. A hard bounce, to the VERP return path the peer saw.
    const bounced = await inviteAndReceive(inviterId, 'carol@example.com', 1);
    expect(bounced.mail.envelopeFrom).toMatch(/^bounce\+[A-Za-z0-9_-]{22,}@kindly\.test$/);
    await deliverToInbound(
      { from: '', to: bounced.mail.envelopeFrom },
      deliveryStatusNotification(bounced.mail, 'carol@example.com'),
    );
    await expectClosed(bounced.id, 'carol@example.com', 'hard-bounce');
    const again = await kindly.api('POST', '/v1/invitations', { inviterId, email: 'carol@example.com' });
    expect(again.body.status).toBe('undeliverable');

    // 2. A complaint whose recipient is redacted, to a feedback-loop address that is no VERP path:
    //    only the Message-ID and X-Kindly-Message in the attached headers name the message.
    const complained = await inviteAndReceive(inviterId, 'dave@example.org', 2);
    const report = abuseReport(complained.mail);
    expect(report).not.toContain('dave@example.org');
    expect(report).toContain(header(complained.mail, 'Message-ID'));
    await deliverToInbound({ from: 'fbl@mailbox.example', to: 'bounce+fbl@kindly.test' }, report);
    await expectClosed(complained.id, 'dave@example.org', 'complaint');

    // 3. The mailto of List-Unsubscribe, as a mail client sends it.
    const stopped = await inviteAndReceive(inviterId, 'erin@example.net', 3);
    const mailto = /<mailto:(unsubscribe\+[A-Za-z0-9_-]+@kindly\.test)>/.exec(
      header(stopped.mail, 'List-Unsubscribe'),
    )?.[1];
    if (!mailto) throw new Error('no mailto in List-Unsubscribe');
    await deliverToInbound(
      { from: 'erin@example.net', to: mailto },
      [
        'From: erin@example.net',
        `To: ${mailto}`,
        'Subject: Unsubscribe',
        'Date: Tue, 3 Mar 2026 11:00:00 +0000',
        'Message-ID: <unsub-1@example.net>',
        '',
        'This message was automatically generated by the mail client to unsubscribe.',
        '',
      ].join('\r\n'),
    );
    await expectClosed(stopped.id, 'erin@example.net', 'stop');

    // The worker polls every 100 ms: give it time to send anything it still would.
    await sleep(1_000);
    expect(peer.received).toHaveLength(3);
    expect(kindly.logs.join('\n')).not.toMatch(/"level":(50|60)/);
  });
});
