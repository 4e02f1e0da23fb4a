import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../classify-message.js';
import { feedbackFields } from './parse-arf.js';

const token = 'AbCdEfGhIjKlMnOpQrStUv';

function arf(fields: string[], original: string[], part = 'message/rfc822'): string {
  return [
    'From: fbl@isp.example',
    'To: abuse@kindly.example',
    'Subject: FW: You are invited',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    '',
    '--b1',
    'Content-Type: message/feedback-report',
    '',
    ...fields,
    '',
    '--b1',
    `Content-Type: ${part}`,
    'Content-Disposition: inline',
    '',
    ...original,
    '',
    '--b1--',
    '',
  ].join('\r\n');
}

const ourMessage = [
  `Return-Path: <bounce+${token}@bounce.kindly.example>`,
  'From: "Alice via Kindly" <invitations@kindly.example>',
  'To: jane@example.com',
  'Subject: Alice invites you',
  'Message-ID: <msg-1@kindly.example>',
  'X-Kindly-Message: msg_abc123',
  '',
  'Hello',
];

describe('ARF feedback reports', () => {
  it('reads a complaint: who complained, the feedback fields, and what identifies our message', async () => {
    const result = await classifyMessage(
      arf(
        [
          'Feedback-Type: abuse',
          'User-Agent: SomeGenerator/1.0',
          'Version: 1',
          `Original-Mail-From: <bounce+${token}@bounce.kindly.example>`,
          'Original-Rcpt-To: <Jane@Example.com>',
          'Arrival-Date: Thu, 8 Mar 2005 14:00:00 +0000',
          'Source-IP: 192.0.2.1',
          'Reported-Domain: kindly.example',
        ],
        ourMessage,
      ),
    );
    expect(result.isBounce).toBe(true);
    expect(result.reports).toEqual([
      expect.objectContaining({
        recipient: 'jane@example.com',
        reason: 'feedback',
        category: 'complaint',
        feedbackType: 'abuse',
        hardBounce: false,
        status: null,
        replyCode: null,
      }),
    ]);
    expect(result.original).toMatchObject({
      messageId: 'msg-1@kindly.example',
      kindlyMessageId: 'msg_abc123',
      verpToken: token,
      to: 'jane@example.com',
    });
    expect(result.feedback).toMatchObject({
      feedback_type: 'abuse',
      user_agent: 'SomeGenerator/1.0',
      version: 1,
      original_rcpt_to: '<Jane@Example.com>',
      arrival_date: 1110290400,
      source_ip: '192.0.2.1',
      reported_domain: ['kindly.example'],
      incidents: 1,
    });
  });

  it('still finds our message when the report is redacted (no recipient anywhere)', async () => {
    const redacted = ourMessage.map((line) => (line.startsWith('To:') ? 'To: [redacted]' : line));
    const result = await classifyMessage(arf(['Feedback-Type: abuse', 'Version: 1'], redacted));
    expect(result.reports).toEqual([expect.objectContaining({ recipient: null, category: 'complaint' })]);
    expect(result.original).toMatchObject({ kindlyMessageId: 'msg_abc123', verpToken: token, to: null });
  });

  it('takes a DMARC auth-failure report for what it is: not a complaint', async () => {
    const result = await classifyMessage(
      arf(
        [
          'Feedback-Type: auth-failure',
          'Version: 1',
          'Auth-Failure: dmarc',
          'Original-Rcpt-To: jane@example.com',
        ],
        ourMessage.slice(0, 6),
        'text/rfc822-headers',
      ),
    );
    expect(result.reports[0]).toMatchObject({
      reason: 'feedback',
      feedbackType: 'auth-failure',
      category: 'not-a-bounce',
    });
    expect(result.feedback).toMatchObject({
      auth_failure: 'dmarc',
      headers: `${ourMessage.slice(0, 6).join('\n')}\n`,
    });
  });

  it("reads Microsoft's JMRP report (recipient in X-HmXmrOriginalRecipient)", async () => {
    const jmrp = [
      'From: staff@hotmail.com',
      'To: fbl@kindly.example',
      'Subject: complaint about message from 192.0.2.1',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="j"',
      '',
      '--j',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'X-HmXmrOriginalRecipient: jane@hotmail.example',
      ...ourMessage,
      '--j--',
      '',
    ].join('\r\n');
    const result = await classifyMessage(jmrp);
    expect(result.reports).toEqual([
      expect.objectContaining({
        recipient: 'jane@hotmail.example',
        category: 'complaint',
        feedbackType: 'abuse',
      }),
    ]);
    expect(result.original.kindlyMessageId).toBe('msg_abc123');
  });

  it('takes a message carrying X-HmXmrOriginalRecipient itself for a JMRP complaint about it', async () => {
    const jmrp = [
      'Return-Path: staff@hotmail.com',
      'X-HmXmrOriginalRecipient: <Jane@Hotmail.example>',
      'From: "Alice via Kindly" <invitations@kindly.example>',
      'To: jane@hotmail.example',
      'Message-ID: <m9@kindly.example>',
      'X-Kindly-Message: msg_j9',
      'Subject: Alice invites you',
      '',
      'You are invited.',
    ].join('\r\n');
    const result = await classifyMessage(jmrp);
    expect(result.reports).toEqual([
      expect.objectContaining({
        recipient: 'jane@hotmail.example',
        reason: 'feedback',
        category: 'complaint',
      }),
    ]);
    expect(result.original).toMatchObject({ messageId: 'm9@kindly.example', kindlyMessageId: 'msg_j9' });
  });

  it("reads Apple Mail's unsubscribe message as an opt-out by its sender", async () => {
    const apple = [
      'From: jane@icloud.example',
      'To: unsubscribe+xyz@kindly.example',
      'Subject: unsubscribe',
      'X-Apple-Unsubscribe: true',
      '',
      'Apple Mail sent this email to unsubscribe from the message "You are invited".',
    ].join('\r\n');
    const result = await classifyMessage(apple);
    expect(result.reports).toEqual([
      expect.objectContaining({
        recipient: 'jane@icloud.example',
        feedbackType: 'opt-out',
        category: 'complaint',
      }),
    ]);
  });
});

describe('feedbackFields', () => {
  it('keeps folded values as written, collects repeated fields, and fills the defaults', () => {
    const fields = feedbackFields(
      [
        'Feedback-Type: Auth-Failure',
        'Authentication-Results: mx.example;',
        '    dkim=fail header.d=kindly.example',
        'Reported-Domain: a.example',
        'Reported-Domain: b.example',
        'Reporting-MTA: dns; mx.isp.example',
        'Source-IP: 192.0.2.9 (host.example)',
        'Received-Date: 8 Oct 2011 20:15:58 +0000 (GMT)',
      ].join('\n'),
      null,
    );
    expect(fields).toMatchObject({
      feedback_type: 'auth-failure',
      authentication_results: ['mx.example;\n    dkim=fail header.d=kindly.example'],
      reported_domain: ['a.example', 'b.example'],
      reporting_mta: 'mx.isp.example',
      source_ip: '192.0.2.9',
      arrival_date: 1318104958,
      version: 1,
      incidents: 1,
      source_port: 0,
      user_agent: null,
      headers: null,
    });
  });
});
