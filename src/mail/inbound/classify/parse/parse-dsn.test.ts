import { describe, expect, it } from 'vitest';
import { dsnFindings, parseDsn, readSupplementaryInfo, typedValue } from './parse-dsn.js';

const twoRecipients = [
  'Reporting-MTA: dns; mx.kindly.example',
  'Arrival-Date: Thu, 29 Apr 2021 23:34:45 +0000',
  '',
  'Final-Recipient: rfc822; Jane@Example.COM',
  'Original-Recipient: rfc822;jane.doe@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 550 5.1.1 <jane@example.com>: Recipient address',
  '    rejected: User unknown in local recipient table',
  '',
  'Final-Recipient: rfc822; bob@example.org',
  'Action: delayed',
  'Status: 4.2.2 (mailbox full)',
  'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
].join('\n');

describe('parseDsn', () => {
  it('reads the per-message fields and one group per recipient, folded Diagnostic-Code included', () => {
    const dsn = parseDsn(twoRecipients);
    expect(dsn.reportingMta).toBe('mx.kindly.example');
    expect(dsn.recipients).toEqual([
      {
        finalRecipient: 'jane@example.com',
        originalRecipient: 'jane.doe@example.com',
        action: 'failed',
        status: '5.1.1',
        statusComment: '',
        remoteMta: 'mx.example.com',
        diagnosticType: 'SMTP',
        diagnosticCode:
          '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown in local recipient table',
        supplementaryInfo: '',
      },
      {
        finalRecipient: 'bob@example.org',
        originalRecipient: '',
        action: 'delayed',
        status: '4.2.2',
        statusComment: 'mailbox full',
        remoteMta: '',
        diagnosticType: 'SMTP',
        diagnosticCode: '452 4.2.2 Mailbox full',
        supplementaryInfo: '',
      },
    ]);
  });

  it("reads Exchange's X-Supplementary-Info when it is the only place the remote reply is given", () => {
    const dsn = parseDsn(
      [
        'Final-recipient: RFC822; user@example.net',
        'Action: failed',
        'Status: 5.0.0',
        'Remote-MTA: dns; mx.example.net',
        'X-Supplementary-Info: <mx.example.net #5.0.0 smtp;',
        ' 550 5.4.1 [user@example.net]: Recipient address rejected: Access',
        ' denied>',
        '',
        'Final-recipient: RFC822; other@example.net',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 Unknown user',
        'X-Supplementary-Info: <mx.example.net #5.1.1 smtp; 550 something else>',
      ].join('\n'),
    );
    expect(dsn.recipients.map((r) => [r.diagnosticType, r.diagnosticCode])).toEqual([
      ['SMTP', '550 5.4.1 [user@example.net]: Recipient address rejected: Access denied'],
      ['SMTP', '550 5.1.1 Unknown user'],
    ]);
    expect(readSupplementaryInfo('<mx.example.com #5.1.1 smtp;550 5.1.1 User unknown>')).toEqual([
      '5.1.1',
      'SMTP',
      '550 5.1.1 User unknown',
    ]);
  });

  it('tells recipients apart without blank lines, and mends `Final-Recipient: <address>`', () => {
    const dsn = parseDsn(
      [
        'Final-Recipient: <a@example.com>',
        'Status: 5.0.0',
        'Final-Recipient: rfc822;b@example.com',
        'Status: 5.2.2',
      ].join('\n'),
    );
    expect(dsn.recipients.map((r) => [r.finalRecipient, r.status])).toEqual([
      ['a@example.com', '5.0.0'],
      ['b@example.com', '5.2.2'],
    ]);
  });

  it('lends per-message Action/Status to recipients that lack them (some MTAs misplace them)', () => {
    const dsn = parseDsn(
      ['Action: failed', 'Status: 5.1.1', '', 'Final-Recipient: rfc822; x@example.net'].join('\n'),
    );
    expect(dsn.recipients[0]).toMatchObject({ action: 'failed', status: '5.1.1' });
  });

  it('drops recipients that are no address (pipes, files) and ignores garbage lines', () => {
    const dsn = parseDsn('Final-Recipient: rfc822; |/usr/bin/procmail\n%%% not a field\nStatus: 5.0.0\n');
    expect(dsn.recipients).toEqual([]);
  });

  it('turns a DSN into findings carrying the remote and reporting hosts', () => {
    const [first] = dsnFindings(parseDsn(twoRecipients), 'test');
    expect(first).toMatchObject({
      recipient: 'jane@example.com',
      alias: 'jane.doe@example.com',
      status: '5.1.1',
      rhost: 'mx.example.com',
      lhost: 'mx.kindly.example',
      diagnosticType: 'SMTP',
    });
  });
});

describe('typedValue', () => {
  it('splits `type; value` and leaves untyped values alone', () => {
    expect(typedValue('rfc822; a@b.example')).toEqual(['rfc822', 'a@b.example']);
    expect(typedValue('smtp;550 no')).toEqual(['smtp', '550 no']);
    expect(typedValue('a@b.example')).toEqual(['', 'a@b.example']);
  });
});
