import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../classify-message.js';

const token = 'Zz9_-AbCdEfGhIjKlMnOpQ';

describe('the generic reading of a report in no known layout', () => {
  it('reads a non-delivery report of an unknown layout as a soft bounce, never as not a bounce', async () => {
    const unknown = [
      'From: Robot <robot@mx.example.net>',
      `To: bounce+${token}@bounce.kindly.example`,
      'Subject: Your mail',
      'Return-Path: <>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="U"',
      '',
      '--U',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered. Contact your administrator.',
      '--U',
      'Content-Type: message/rfc822',
      '',
      'To: jane@example.net',
      'Message-ID: <m7@kindly.example>',
      'X-Kindly-Message: msg_u7',
      '',
      'Hello',
      '--U--',
      '',
    ].join('\r\n');
    const result = await classifyMessage(unknown);
    expect(result.reports).toEqual([
      expect.objectContaining({ recipient: 'jane@example.net', reason: 'undefined', category: 'soft' }),
    ]);
    expect(result.original).toMatchObject({ kindlyMessageId: 'msg_u7', verpToken: token });
  });

  it('reads a report under an unusual Subject only when it came to our return path', async () => {
    const notice = [
      'From: postmaster@mx.example.net',
      'To: bounce+fbl@bounce.kindly.example',
      'Subject: Notice',
      '',
      'Your message to jane@example.net was rejected: the mailbox is full.',
    ].join('\r\n');
    expect((await classifyMessage(notice)).isBounce).toBe(false);
    expect((await classifyMessage(notice, { arrivedAtVerp: true })).reports).toEqual([
      expect.objectContaining({ recipient: 'jane@example.net', reason: 'mailboxfull', category: 'soft' }),
    ]);
  });

  it('gives a report that names no recipient at all one soft report, tied by its token', async () => {
    const bare = [
      'From: MAILER-DAEMON@mx.example.net',
      `To: bounce+${token}@bounce.kindly.example`,
      'Subject: Undeliverable',
      '',
      'Delivery failed.',
    ].join('\r\n');
    const result = await classifyMessage(bare);
    expect(result.reports).toEqual([
      expect.objectContaining({ recipient: null, reason: 'undefined', category: 'soft' }),
    ]);
    expect(result.original.verpToken).toBe(token);
  });

  it('reads RFC 3464 fields wherever they stand, and a quoted SMTP dialogue', async () => {
    const indented = [
      'From: Gateway <notify@gw.example.net>',
      'Subject: Delivery Status Notification',
      'Content-Type: text/html',
      '',
      '<p>Not delivered.</p><pre>',
      '    Final-Recipient: rfc822;hans@example.net',
      '    Action: failed',
      '    Status: 5.1.1',
      '</pre>',
    ].join('\r\n');
    expect((await classifyMessage(indented)).reports).toEqual([
      expect.objectContaining({ recipient: 'hans@example.net', status: '5.1.1', category: 'hard' }),
    ]);
    const transcript = [
      'From: "MDaemon at mx.example.net" <MDaemon@mx.example.net>',
      'Subject: Permanent Delivery Failure',
      '',
      '--- Session Transcript ---',
      ' Tue 2024-03-12 11:05:08.951: --> MAIL From:<x@kindly.example>',
      ' Tue 2024-03-12 11:05:09.001: <-- 250 2.1.0 Ok',
      ' Tue 2024-03-12 11:05:09.002: --> RCPT To:<ok@example.net>',
      ' Tue 2024-03-12 11:05:09.003: <-- 250 2.1.5 Ok',
      ' Tue 2024-03-12 11:05:09.004: --> RCPT To:<gone@example.net>',
      ' Tue 2024-03-12 11:05:09.060: <-- 550 5.1.1 <gone@example.net>: User unknown',
      ' Tue 2024-03-12 11:05:09.061: --> DATA',
      ' Tue 2024-03-12 11:05:09.070: <-- 552 5.3.4 Message too big',
      '--- End Transcript ---',
    ].join('\r\n');
    expect((await classifyMessage(transcript)).reports).toEqual([
      expect.objectContaining({ recipient: 'gone@example.net', reason: 'userunknown', category: 'hard' }),
      expect.objectContaining({ recipient: 'ok@example.net', reason: 'mesgtoobig', category: 'soft' }),
    ]);
  });
});
