import { describe, expect, it } from 'vitest';
import { emptyFinding, type Finding, findCommand } from '../finding.js';
import { findReplyCode, findStatus, preferStatus } from '../patterns/status-code.js';
import { pseudoStatus, reasonOfStatusCode } from '../patterns/status-reasons.js';
import { categoryOf, finalizeReport, isHardBounce } from './finalize-report.js';
import { decideReason } from './reason-rules.js';

function finding(fields: Partial<Finding>): Finding {
  return { ...emptyFinding('test'), diagnosticType: 'SMTP', ...fields };
}

describe('decideReason', () => {
  it.each([
    ['5.1.1', '', '550 5.1.1 <a@example.com>... User Unknown', 'userunknown'],
    ['5.2.2', '', '552 5.2.2 Mailbox full', 'mailboxfull'],
    ['5.0.0', '', '550 Requested action not taken: mailbox full', 'mailboxfull'],
    [
      '5.7.1',
      '',
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      'blocked',
    ],
    [
      '5.7.1',
      'DATA',
      '550 5.7.1 Our system has detected that this message is likely unsolicited mail',
      'spamdetected',
    ],
    ['5.7.26', '', '550 5.7.26 Unauthenticated email is not accepted due to DMARC policy', 'authfailure'],
    ['4.4.7', '', 'Delivery time expired', 'expired'],
    ['5.1.2', '', '550 5.1.2 Host unknown', 'hostunknown'],
    ['5.3.4', '', '552 5.3.4 Message too big for system', 'mesgtoobig'],
    ['5.0.0', 'RCPT', '550 unknown user kijitora', 'userunknown'],
    ['5.0.0', 'DATA', '550 unknown user kijitora', 'filtered'],
    ['5.0.0', 'MAIL', '553 sender rejected', 'rejected'],
    ['5.0.0', '', '550 relay access denied', 'norelaying'],
    ['4.7.0', '', '421 4.7.0 Please try again slower', 'speeding'],
    ['5.0.0', '', 'Mailbox has been suspended', 'suspend'],
  ])('status %s, command %s, "%s" → %s', (status, command, diagnosis, reason) => {
    expect(decideReason(finding({ status, command, diagnosis }))).toBe(reason);
  });

  it('lets the text decide over a status that names only its subject (5.1.0, 5.2.0…)', () => {
    const busy = "421-'Too many concurrent SMTP connections from this IP address; please try again later.'";
    expect(decideReason(finding({ status: '5.1.0', diagnosis: busy }))).toBe('toomanyconn');
    expect(decideReason(finding({ status: '5.1.0', diagnosis: 'Unknown address error' }))).toBe(
      'userunknown',
    );
    expect(decideReason(finding({ status: '5.2.0', diagnosis: '552 mailbox full' }))).toBe('mailboxfull');
  });

  it('reads "unknown user" with no command as filtered (sisimai), except where more is known', () => {
    const text = '550 "Unknown User"';
    expect(decideReason(finding({ status: '5.0.0', diagnosis: text }))).toBe('filtered');
    // A DSN naming the remote MTA that refused, with only a class for status (Exchange).
    expect(decideReason(finding({ status: '5.0.0', rhost: '192.0.2.1', diagnosis: text }))).toBe(
      'userunknown',
    );
    // The generic reading of an unknown layout, where no command can be known.
    expect(decideReason({ ...finding({ diagnosis: text }), agent: 'generic' })).toBe('userunknown');
  });

  it('never says delivered for a report about a failure or a delay', () => {
    expect(decideReason(finding({ status: '2.0.0', action: 'failed' }))).not.toBe('delivered');
    expect(decideReason(finding({ status: '2.0.0', action: 'delayed' }))).toBe('expired');
    expect(decideReason(finding({ status: '2.0.0', action: 'relayed' }))).toBe('delivered');
    const quoted = finding({
      action: 'delayed',
      status: '4.4.7',
      diagnosis: '400 4.4.7 Message delayed; the previous hop said 250 2.0.0 OK queued',
    });
    expect(finalizeReport(quoted)).toMatchObject({ status: '4.4.7', reason: 'expired', category: 'soft' });
  });

  it('keeps a reason the parser is sure of, revisits one that is only a guess', () => {
    expect(decideReason(finding({ reason: 'suspend', diagnosis: 'anything' }))).toBe('suspend');
    expect(decideReason(finding({ reason: 'onhold', status: '5.2.2', diagnosis: 'mailbox full' }))).toBe(
      'mailboxfull',
    );
  });

  it('says delivered for 2.x.x, onhold when there is text but no clue, undefined when there is nothing', () => {
    expect(decideReason(finding({ status: '2.0.0' }))).toBe('delivered');
    expect(decideReason(finding({ diagnosis: 'something went wrong' }))).toBe('onhold');
    expect(decideReason(finding({}))).toBe('undefined');
    expect(decideReason(finding({ action: 'delayed' }))).toBe('expired');
  });
});

describe('hard bounces and categories', () => {
  it('follows sisimai: unknown user/host and moved mailbox are hard; notaccept only when permanent', () => {
    expect(isHardBounce('userunknown', '5.1.1')).toBe(true);
    expect(isHardBounce('hostunknown', '')).toBe(true);
    expect(isHardBounce('hasmoved', '5.1.6')).toBe(true);
    expect(isHardBounce('notaccept', '5.3.2 550')).toBe(true);
    expect(isHardBounce('notaccept', '4.0.0 421 try again later')).toBe(false);
    expect(isHardBounce('notaccept', '')).toBe(true);
    expect(isHardBounce('mailboxfull', '5.2.2')).toBe(false);
    expect(isHardBounce('blocked', '5.7.1')).toBe(false);
  });

  it('maps reasons to what Kindly does', () => {
    expect(categoryOf('userunknown', true, '')).toBe('hard');
    expect(categoryOf('feedback', false, 'abuse')).toBe('complaint');
    expect(categoryOf('feedback', false, 'opt-out')).toBe('complaint');
    expect(categoryOf('feedback', false, 'auth-failure')).toBe('not-a-bounce');
    expect(categoryOf('vacation', false, '')).toBe('auto-reply');
    expect(categoryOf('delivered', false, '')).toBe('delivered');
    expect(categoryOf('mailboxfull', false, '')).toBe('soft');
  });

  it('completes a finding: codes from the text, a pseudo status when there is none', () => {
    const report = finalizeReport(
      finding({
        recipient: 'a@example.com',
        diagnosis: '550-5.1.1 The email account does not exist.\n550 5.1.1 Try',
      }),
    );
    expect(report).toMatchObject({
      status: '5.1.1',
      replyCode: '550',
      reason: 'userunknown',
      category: 'hard',
    });
    const guessed = finalizeReport(finding({ recipient: 'b@example.com', diagnosis: 'Mailbox full' }));
    expect(guessed).toMatchObject({
      status: '5.0.922',
      replyCode: null,
      reason: 'mailboxfull',
      category: 'soft',
    });
  });
});

describe('status and reply codes', () => {
  it('finds the enhanced status code, not version numbers or IP addresses', () => {
    expect(findStatus('550 5.1.1 <a@example.com>... User Unknown')).toBe('5.1.1');
    expect(findStatus('Postfix v2.0.1 at 192.0.2.1 said 550')).toBe('');
    expect(findStatus('550-5.7.26 DMARC 550 5.7.26 policy')).toBe('5.7.26');
    expect(findStatus('5.0.0 generic then 5.2.2 mailbox full')).toBe('5.2.2');
  });

  it('finds the reply code, not digits inside other numbers', () => {
    expect(findReplyCode('host said: 550 5.1.1 unknown')).toBe('550');
    expect(findReplyCode('id 15501 queued')).toBe('');
    expect(findReplyCode('421 4.7.0 try later', '4')).toBe('421');
  });

  it('prefers the code whose class agrees with the reply, then the more specific one', () => {
    expect(preferStatus('5.0.0', '5.1.1', '550')).toBe('5.1.1');
    expect(preferStatus('4.4.1', '5.1.1', '550')).toBe('5.1.1');
    expect(preferStatus('5.1.1', '5.0.0', '')).toBe('5.1.1');
  });

  it('never turns a failure or a delay into a success by a 2.x.x the text quotes', () => {
    expect(preferStatus('4.4.7', '2.0.0', '')).toBe('4.4.7');
    expect(preferStatus('5.0.0', '2.1.5', '250')).toBe('5.0.0');
    expect(findStatus('<-- 250 2.1.0 Ok then <-- 550 5.1.1 unknown')).toBe('5.1.1');
    expect(findStatus('250 2.6.0 queued')).toBe('2.6.0');
  });

  it('names standard codes and makes sisimai pseudo codes', () => {
    expect(reasonOfStatusCode('5.1.1')).toBe('userunknown');
    expect(reasonOfStatusCode('5.7.1')).toBe('securityerror');
    expect(pseudoStatus('userunknown', false)).toBe('5.0.911');
    expect(pseudoStatus('expired', true)).toBe('4.0.947');
    expect(pseudoStatus('userunknown', true)).toBe('');
  });

  it('finds the furthest SMTP command a text names', () => {
    expect(findCommand('SMTP error from remote mail server after RCPT TO:<a@example.com>')).toBe('RCPT');
    expect(findCommand('(in reply to end of DATA command)')).toBe('DATA');
    expect(findCommand('DATABASE@EXAMPLE.JP is full')).toBe('');
  });
});
