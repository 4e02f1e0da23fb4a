/**
 * Mail that comes back to Kindly, for the tests of the inbound listener: each is addressed to the VERP
 * return path `bounce+<token>@kindly.test`, the bounce domain those tests listen for.
 */

/** An RFC 3834 out-of-office reply from `from`: an auto-reply, which must not count as a bounce. */
export function outOfOfficeReply(from: string, verp: string): string {
  return [
    `From: ${from}`,
    `To: bounce+${verp}@kindly.test`,
    'Subject: Out of office',
    'Auto-Submitted: auto-replied',
    '',
    'I am away until Monday.',
    '',
  ].join('\r\n');
}

/**
 * An RFC 3464 report about `recipient` (or each of several), sent back to the VERP address of our
 * message; `verp` may also be a feedback-loop tag such as `fbl`.
 */
export function deliveryStatusReport(
  verp: string,
  recipient: string | readonly string[],
  status: string,
  action = 'failed',
): string {
  const recipients = typeof recipient === 'string' ? [recipient] : recipient;
  const diagnostic = status.startsWith('5') ? '550 5.1.1 user unknown' : '452 4.2.2 mailbox full';
  return [
    'From: MAILER-DAEMON@mx.example.net',
    `To: bounce+${verp}@kindly.test`,
    'Subject: Delivery Status Notification',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    `Delivery to ${recipients.join(', ')} failed.`,
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    ...recipients.flatMap((to) => [
      '',
      `Final-Recipient: rfc822; ${to}`,
      `Action: ${action}`,
      `Status: ${status}`,
      `Diagnostic-Code: smtp; ${diagnostic}`,
    ]),
    '--b--',
    '',
  ].join('\r\n');
}

/**
 * An RFC 5965 feedback report as a mailbox provider's feedback loop sends it to `bounce+fbl@`:
 * `recipient` in Original-Rcpt-To when given, and `originalHeaders` (the header block of the message
 * complained about) as its text/rfc822-headers part when given. Without our headers, it is what anyone
 * can write about anyone.
 */
export function feedbackReport(options: {
  recipient?: string;
  originalHeaders?: string;
  feedbackType?: string;
}): string {
  const boundary = 'ARF_boundary_0001';
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
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${options.feedbackType ?? 'abuse'}`,
    'User-Agent: MailboxFBL/2.0',
    'Version: 1',
    ...(options.recipient ? [`Original-Rcpt-To: <${options.recipient}>`] : []),
    'Arrival-Date: Tue, 3 Mar 2026 09:00:04 +0000',
    'Source-IP: 192.0.2.1',
    '',
    ...(options.originalHeaders
      ? [`--${boundary}`, 'Content-Type: text/rfc822-headers', '', options.originalHeaders.trimEnd(), '']
      : []),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/**
 * A Hotmail complaint (JMRP): a message from staff@hotmail.com attaching the message complained about,
 * whose X-HmXmrOriginalRecipient names the complainer. `originalHeaders` stand for our message's
 * headers when given; otherwise it is a made-up message about `recipient`.
 */
export function hotmailComplaint(recipient: string, originalHeaders?: string): string {
  const boundary = 'JMRP_boundary_0001';
  const original =
    originalHeaders?.trimEnd() ??
    [
      `To: ${recipient}`,
      'From: Someone <someone@elsewhere.example>',
      'Subject: Hello',
      'Message-ID: <made-up-0001@elsewhere.example>',
    ].join('\r\n');
  return [
    'From: staff@hotmail.com',
    'To: bounce+fbl@kindly.test',
    'Subject: complaint about message from 192.0.2.1',
    'Date: Tue, 3 Mar 2026 10:00:00 +0000',
    'Message-ID: <jmrp-0001@hotmail.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    `X-HmXmrOriginalRecipient: ${recipient}`,
    original,
    '',
    'The message.',
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Apple Mail's unsubscribe message (`X-Apple-Unsubscribe: true`), from the address that wants out. */
export function appleUnsubscribe(from: string, to: string): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Unsubscribe',
    'Date: Tue, 3 Mar 2026 10:00:00 +0000',
    'Message-ID: <apple-unsub-0001@icloud.example>',
    'X-Apple-Unsubscribe: true',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This message was automatically generated by Mail to unsubscribe you from this list.',
    '',
  ].join('\r\n');
}
