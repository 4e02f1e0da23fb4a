import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtrackingMail } from '../../../testing/backtracking-mail.js';
import { classifyMessage } from './classify-message.js';

const token = 'Zz9_-AbCdEfGhIjKlMnOpQ';

/** A DSN as Postfix writes it for a message Kindly sent, with the original's headers attached. */
const postfixDsn = [
  'From: MAILER-DAEMON@mx.kindly.example (Mail Delivery System)',
  `To: bounce+${token}@bounce.kindly.example`,
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain',
  '',
  'This is the mail system at host mx.kindly.example.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients.',
  '',
  '<jane@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1',
  '    <jane@example.com>: Recipient address rejected: User unknown (in reply to',
  '    RCPT TO command)',
  '',
  '<bob@example.org>: host mx.example.org[192.0.2.26] said: 452 4.2.2 Mailbox',
  '    full (in reply to RCPT TO command)',
  '',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.kindly.example',
  '',
  'Final-Recipient: rfc822; jane@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown',
  '',
  'Final-Recipient: rfc822; bob@example.org',
  'Action: delayed',
  'Status: 4.2.2',
  'Remote-MTA: dns; mx.example.org',
  'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
  '',
  '--B',
  'Content-Type: text/rfc822-headers',
  '',
  `Return-Path: <bounce+${token}@bounce.kindly.example>`,
  'From: "Alice via Kindly" <invitations@kindly.example>',
  'To: jane@example.com',
  'Message-ID: <m1@kindly.example>',
  'X-Kindly-Message: msg_abc123',
  '',
  '--B--',
  '',
].join('\r\n');

describe('classifyMessage', () => {
  it('classifies each failed recipient of a DSN and keeps what identifies the message', async () => {
    const result = await classifyMessage(postfixDsn);
    expect(result.isBounce).toBe(true);
    expect(result.reports).toEqual([
      expect.objectContaining({
        recipient: 'jane@example.com',
        status: '5.1.1',
        replyCode: '550',
        reason: 'userunknown',
        hardBounce: true,
        category: 'hard',
      }),
      expect.objectContaining({
        recipient: 'bob@example.org',
        status: '4.2.2',
        replyCode: '452',
        reason: 'mailboxfull',
        hardBounce: false,
        category: 'soft',
      }),
    ]);
    expect(result.original).toMatchObject({
      messageId: 'm1@kindly.example',
      kindlyMessageId: 'msg_abc123',
      verpToken: token,
      to: 'jane@example.com',
    });
    expect(result.feedback).toBeNull();
  });

  it('reads a qmail bounce, which has no DSN, from its text', async () => {
    const qmail = [
      'From: MAILER-DAEMON@mx.example.net',
      `To: bounce+${token}@bounce.kindly.example`,
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mx.example.net.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      '',
      '<jane@example.net>:',
      '192.0.2.9 does not like recipient.',
      'Remote host said: 550 5.1.1 <jane@example.net>... User Unknown',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'X-Kindly-Message: msg_q1',
      'To: jane@example.net',
      '',
    ].join('\n');
    const result = await classifyMessage(qmail);
    expect(result.reports).toEqual([
      expect.objectContaining({ recipient: 'jane@example.net', reason: 'userunknown', category: 'hard' }),
    ]);
    expect(result.original).toMatchObject({ kindlyMessageId: 'msg_q1', verpToken: token });
  });

  it('takes an out-of-office reply for an auto-reply, not a bounce of any kind', async () => {
    const vacation = [
      'From: Jane <jane@example.com>',
      `To: bounce+${token}@bounce.kindly.example`,
      'Subject: Automatic reply: Alice invites you',
      'Auto-Submitted: auto-replied',
      '',
      'I am out of the office until Monday.',
    ].join('\r\n');
    const result = await classifyMessage(vacation);
    expect(result.reports).toEqual([
      expect.objectContaining({ recipient: 'jane@example.com', reason: 'vacation', category: 'auto-reply' }),
    ]);
  });

  it('says ordinary mail is not a bounce', async () => {
    const mail =
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n\r\nUser unknown? 550 5.1.1\r\n';
    expect(await classifyMessage(mail)).toEqual({
      isBounce: false,
      reports: [],
      original: { messageId: null, kindlyMessageId: null, verpToken: null, to: null, headers: {} },
      feedback: null,
    });
  });

  it('never throws on random bytes, as a whole message or as the body of a bounce', async () => {
    // A failure of the classifier raises ClassifierError (it is never answered as "not a bounce"),
    // so any input that makes a reader fail fails this property.
    const head = Buffer.from(`From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail\r\n\r\n`);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4000, size: 'max' }),
        fc.boolean(),
        async (bytes, asBody) => {
          const raw = asBody ? Buffer.concat([head, Buffer.from(bytes)]) : Buffer.from(bytes);
          const result = await classifyMessage(raw);
          expect(result.isBounce).toBe(result.reports.length > 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on bounce-shaped garbage (real fragments in random order)', async () => {
    const fragments = postfixDsn
      .split('\r\n')
      .concat([
        'Hi. This is the qmail-send program at x.',
        '<a@b.example>:',
        'Content-Type: message/feedback-report',
        'Feedback-Type: abuse',
        'This message was created automatically by mail delivery software.',
        '  x@y.example',
        '{"notificationType":"Bounce","bounce":{"bouncedRecipients":[{"emailAddress":"q@r.example"}]}}',
        'boundary=',
        '--',
        '',
      ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...fragments), { maxLength: 80 }), async (lines) => {
        const result = await classifyMessage(lines.join('\r\n'));
        expect(result.isBounce).toBe(result.reports.length > 0);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a message built to make regular expressions backtrack', async () => {
    // How long it takes is for `bench/classify-backtracking.ts`: a test asserts what it reads.
    const result = await classifyMessage(backtrackingMail());
    expect(result.isBounce).toBe(true);
    expect(result.reports.length).toBeGreaterThan(0);
  });
});
