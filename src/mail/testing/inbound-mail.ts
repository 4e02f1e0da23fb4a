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

/** An RFC 3464 report about `recipient`, sent back to the VERP address of our message. */
export function deliveryStatusReport(
  verp: string,
  recipient: string,
  status: string,
  action = 'failed',
): string {
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
    `Delivery to ${recipient} failed.`,
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${status.startsWith('5') ? '550 5.1.1 user unknown' : '452 4.2.2 mailbox full'}`,
    '--b--',
    '',
  ].join('\r\n');
}
