import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import { checkSuppression } from '../../core/suppress.js';
import { hashToken } from '../../core/tokens.js';
import { createTestCore, insertStopToken, silentLogger, type TestCore } from '../../testing/test-core.js';
import { deliveryStatusReport, outOfOfficeReply } from '../testing/inbound-mail.js';
import { classifyMessage } from './classify/classify-message.js';
import { reportsPerMessage } from './handle-inbound-mail.js';
import type { InboundObservation } from './inbound-observer.js';
import type { ClassifiedLike, Classifier } from './inbound-report.js';
import { type InboundServer, maxRecipientsPerMessage, startInboundServer } from './inbound-server.js';

/** Sends one SMTP conversation line by line and returns every reply, as a misbehaving client would. */
async function converse(port: number, lines: Array<string | Buffer>): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let replies = '';
  socket.on('data', (chunk) => {
    replies += chunk.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  // Talking before the greeting gets a 421; wait for it like a client should.
  while (!replies.includes('\r\n')) await new Promise((resolve) => setTimeout(resolve, 10));
  for (const line of lines) {
    socket.write(line);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  socket.end();
  await closed;
  return replies;
}

describe('inbound SMTP listener', () => {
  let t: TestCore;
  let server: InboundServer;
  let classify: Classifier;
  const observed: InboundObservation[] = [];
  const stopToken = 'StopToken_0123456789abcdefghij';
  const notBounce: ClassifiedLike = {
    isBounce: false,
    reports: [],
    original: { messageId: null, kindlyMessageId: null, verpToken: null, to: null },
  };

  beforeAll(async () => {
    t = await createTestCore();
    await insertStopToken(t.core, stopToken, 'stop.me@example.net');
    server = await startInboundServer(
      {
        core: t.core,
        bounceDomain: 'kindly.test',
        // The real classifier, unless a test plays a failing one.
        classify: (raw, options) => classify(raw, options),
        logger: silentLogger,
        observer: { onInbound: (_source, outcome) => observed.push(outcome) },
      },
      { port: 0, host: '127.0.0.1', maxBytes: 64 * 1024 },
    );
    classify = classifyMessage;
  });
  afterAll(async () => {
    await server?.close();
    await t?.cleanup();
  });

  const transport = () =>
    createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true });

  function send(to: string, text = 'hello', from = '') {
    return transport().sendMail({
      envelope: { from, to: [to] },
      from: 'mailer-daemon@example.net',
      to,
      subject: 'report',
      text,
    });
  }

  it('refuses every recipient but its own bounce+ and unsubscribe+ addresses, at RCPT', async () => {
    for (const to of [
      'postmaster@kindly.test',
      'bounce@kindly.test',
      'bounce+token@elsewhere.example',
      'unsubscribe+short@kindly.test',
      'someone+bounce@kindly.test',
    ]) {
      await expect(send(to)).rejects.toMatchObject({
        responseCode: 550,
        response: expect.stringMatching(/5\.1\.1/),
      });
    }
    await expect(send('bounce+anything@KINDLY.test')).resolves.toMatchObject({
      response: expect.stringMatching(/^250/),
    });
  });

  it('stops mail to the address of a mailto unsubscribe, and answers only once it is on disk', async () => {
    expect((await checkSuppression(t.core, 'stop.me@example.net')).suppressed).toBe(false);
    const info = await send(`unsubscribe+${stopToken}@kindly.test`, 'unsubscribe', 'stop.me@example.net');
    expect(info.response).toMatch(/^250/);
    expect(await checkSuppression(t.core, 'stop.me@example.net')).toEqual({
      suppressed: true,
      scope: 'global',
      reason: 'stop',
    });
    const audit = await t.core.store.listEvents('suppression', t.core.keyOf('stop.me@example.net'));
    expect(audit[0]?.data).toMatchObject({ reason: 'stop', source: 'mailto' });
    // An unknown token is accepted and changes nothing.
    await expect(send('unsubscribe+Unknown_Token_0123456789abcd@kindly.test')).resolves.toBeTruthy();
  });

  it('applies a real DSN sent to the VERP address of one of our messages, and ignores an auto-reply', async () => {
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(t.core, { inviterId: alice.id, email: 'gone@example.net' });
    const verp = 'VerpToken_0123456789abcdefghij';
    await t.core.store.insertToken({
      hash: hashToken(verp),
      purpose: 'bounce',
      invitationId: invitation.id,
      addressKey: invitation.recipientKey,
      messageId: 'msg_original',
      createdAt: t.clock.now().toISOString(),
    });
    const vacation = outOfOfficeReply('gone@example.net', verp);
    await transport().sendMail({ envelope: { from: '', to: [`bounce+${verp}@kindly.test`] }, raw: vacation });
    expect((await checkSuppression(t.core, 'gone@example.net')).suppressed).toBe(false);

    const dsn = deliveryStatusReport(verp, 'gone@example.net', '5.1.1');
    await transport().sendMail({ envelope: { from: '', to: [`bounce+${verp}@kindly.test`] }, raw: dsn });
    expect((await checkSuppression(t.core, 'gone@example.net')).reason).toBe('hard-bounce');
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
    const audit = await t.core.store.listEvents('message', 'msg_original');
    expect(audit.map((e) => e.action).sort()).toEqual(['inbound.auto-reply', 'inbound.hard']);
  });

  it('refuses the 11th recipient of one message with 452 4.5.3, and handles the message for ten only', async () => {
    expect(maxRecipientsPerMessage).toBe(10);
    const emails = Array.from({ length: 11 }, (_, i) => `many.${i}@example.net`);
    const tokens = emails.map((_, i) => `ManyStopToken_${String(i).padStart(2, '0')}_abcdefghij`);
    for (const [i, email] of emails.entries()) await insertStopToken(t.core, tokens[i] ?? '', email);
    const rcpts = tokens.map((token) => `RCPT TO:<unsubscribe+${token}@kindly.test>\r\n`);
    const replies = await converse(server.port, [
      'EHLO test\r\n',
      'MAIL FROM:<>\r\n',
      ...rcpts,
      'DATA\r\n',
      'Subject: unsubscribe\r\n\r\nunsubscribe\r\n.\r\n',
      'QUIT\r\n',
    ]);
    // Greeting, EHLO, MAIL, then one reply per RCPT in order: ten accepted, the eleventh refused.
    const rcptReplies = replies
      .split('\r\n')
      .filter((line) => /^\d{3} /.test(line))
      .slice(3, 14);
    expect(rcptReplies.slice(0, 10).every((line) => line.startsWith('250 '))).toBe(true);
    expect(rcptReplies[10]).toBe('452 4.5.3 Too many recipients');
    expect(replies).toMatch(/\r\n250 Ok: processed\r\n/);
    for (const email of emails.slice(0, 10)) {
      expect((await checkSuppression(t.core, email)).reason).toBe('stop');
    }
    expect((await checkSuppression(t.core, emails[10] ?? '')).suppressed).toBe(false);
  });

  it('classifies a message once and applies at most 50 of its reports, counting the rest as ignored', async () => {
    let classified = 0;
    const many: ClassifiedLike = {
      ...notBounce,
      isBounce: true,
      reports: Array.from({ length: reportsPerMessage + 20 }, (_, i) => ({
        recipient: `listed.${i}@example.net`,
        status: '5.1.1',
        replyCode: '550',
        reason: 'userunknown',
        category: 'hard' as const,
        feedbackType: null,
      })),
    };
    classify = async () => {
      classified += 1;
      return many;
    };
    observed.length = 0;
    try {
      const to = Array.from({ length: 10 }, (_, i) => `bounce+Tag_${i}_0123456789abcdefghij@kindly.test`);
      await transport().sendMail({ envelope: { from: '', to }, raw: 'Subject: x\r\n\r\nx\r\n' });
    } finally {
      classify = classifyMessage;
    }
    expect(classified).toBe(1);
    expect(observed.filter((o) => o === 'ignored')).toHaveLength(20);
    // None is tied to a message of ours: the tokens were never issued.
    expect(observed.filter((o) => o === 'uncorrelated')).toHaveLength(reportsPerMessage);
  });

  it('tells the classifier the message arrived at a VERP path only for a token Kindly issued', async () => {
    const issued = 'IssuedVerpToken_0123456789abcdef';
    await t.core.store.insertToken({
      hash: hashToken(issued),
      purpose: 'bounce',
      invitationId: null,
      addressKey: t.core.keyOf('someone@example.net'),
      messageId: 'msg_issued',
      createdAt: t.clock.now().toISOString(),
    });
    const seen: (boolean | undefined)[] = [];
    classify = async (_raw, options) => {
      seen.push(options?.arrivedAtVerp);
      return notBounce;
    };
    try {
      for (const tag of [issued, 'MadeUpVerpToken_0123456789abcdef', 'fbl'])
        await send(`bounce+${tag}@kindly.test`);
    } finally {
      classify = classifyMessage;
    }
    expect(seen).toEqual([true, false, false]);
  });

  it('refuses oversized mail with 552', async () => {
    await expect(send('bounce+big@kindly.test', 'x'.repeat(100 * 1024))).rejects.toMatchObject({
      responseCode: 552,
    });
  });

  it('answers 550 to a message the classifier cannot read, and 451 when it fails itself', async () => {
    classify = async () => {
      throw new Error('not MIME at all');
    };
    await expect(send('bounce+x@kindly.test')).rejects.toMatchObject({ responseCode: 550 });
    classify = async () => ({
      ...notBounce,
      isBounce: true,
      reports: [
        {
          recipient: null,
          status: '5.1.1',
          replyCode: '550',
          reason: 'userunknown',
          category: 'hard',
          feedbackType: null,
        },
      ],
      original: { ...notBounce.original, kindlyMessageId: 'msg_x' },
    });
    const store = t.core.store;
    const getMessage = store.getMessage;
    store.getMessage = async () => {
      throw new Error('database is gone');
    };
    try {
      await expect(send('bounce+x@kindly.test')).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      store.getMessage = getMessage;
      classify = classifyMessage;
    }
  });

  it('survives malformed SMTP and binary garbage, and keeps serving', async () => {
    const replies = await converse(server.port, [
      'EHLO test\r\n',
      Buffer.from([0, 1, 2, 255, 254, 13, 10]),
      `MAIL FROM:<${'a'.repeat(5000)}@x>\r\n`,
      'RCPT TO:<not an address\r\n',
      'DATA\r\n',
      'MAIL FROM:<>\r\n',
      'RCPT TO:<bounce+junk@kindly.test>\r\n',
      'DATA\r\n',
      Buffer.concat([
        Buffer.from('Content-Type: multipart/report; boundary="\r\n\r\n--'),
        Buffer.alloc(2000, 0xff),
      ]),
      '\r\n.\r\n',
      'QUIT\r\n',
    ]);
    expect(replies).toMatch(/^220 /);
    expect(replies).toMatch(/\r\n250 Ok: processed\r\n/);
    expect(replies).toMatch(/\r\n221 /);
    await expect(send('bounce+after@kindly.test')).resolves.toBeTruthy();
  });

  it('offers no AUTH and no STARTTLS', async () => {
    const replies = await converse(server.port, [
      'EHLO test\r\n',
      'AUTH PLAIN AGxvZ2luAHNlY3JldA==\r\n',
      'QUIT\r\n',
    ]);
    expect(replies).toMatch(/^220 /);
    expect(replies).not.toMatch(/250[- ](AUTH|STARTTLS)/);
    expect(replies).toMatch(/\r\n50[0-9] /);
  });
});
