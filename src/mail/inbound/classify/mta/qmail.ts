/**
 * qmail and its clones (Yahoo!, many hosting providers): "Hi. This is the qmail-send program…",
 * then `<user@example.com>:` and the remote host's answer on the following lines.
 */
import { findCommand } from '../finding.js';
import {
  linesAfter,
  loneAddress,
  type MtaFamily,
  readBlocks,
  receivedContains,
  subjectOf,
} from './family.js';
import { firstReasonIn } from './phrases.js';

const starts = [
  'Hi. This is the qmail',
  'He/Her is not ',
  'unable to deliver your message to the following addresses',
  'Su mensaje no pudo ser entregado',
  'Sorry, we were unable to deliver your message to the following address',
  'This is the machine generated message from mail service',
  'This is the mail delivery agent at',
  'Unable to deliver message to the following address',
  'Unfortunately, your mail was not delivered to the following address:',
  'Your mail message to the following address',
  'Your message to the following addresses',
  "We're sorry.",
];

/** What qmail-remote says after each SMTP command it gave up on. */
const commandPhrases: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['CONN', [' but greeting failed.']],
  ['EHLO', [' but my name was rejected.']],
  ['MAIL', [' but sender was rejected.']],
  ['RCPT', [' does not like recipient.']],
  ['DATA', [' failed on DATA command', ' failed after I sent the message']],
];

/** qmail's own error strings (qmail-local, qmail-remote, qmail-ldap), by reason. */
const ownMessages: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['hostunknown', ["Sorry, I couldn't find any host "]],
  ['mailboxfull', ['disk quota exceeded']],
  ['mesgtoobig', ['Message size exceeds fixed maximum message size:']],
  [
    'networkerror',
    [
      "Sorry, I wasn't able to establish an SMTP connection",
      "Sorry. Although I'm listed as a best-preference MX or A for that host",
    ],
  ],
  ['notaccept', ["Sorry, I couldn't find a mail exchanger or IP address"]],
  ['systemerror', ['bad interpreter: No such file or directory', 'system error', 'Unable to']],
  ['systemfull', ['Requested action not taken: mailbox unavailable (not enough free space)']],
  ['userunknown', ['no mailbox here by that name']],
  ['exceedlimit', ['The message exeeded the maximum size the user accepts']],
  [
    'suspend',
    [
      'Mailaddress is administrativly disabled',
      'Mailaddress is administrativley disabled',
      'Mailaddress is administratively disabled',
      'Mailaddress is administrativeley disabled',
    ],
  ],
  [
    'systemerror',
    [
      'Automatic homedir creator crashed',
      'Illegal value in LDAP attribute',
      'LDAP attribute is not given but mandatory',
      'Timeout while performing search on LDAP server',
      'Too many results returned but needs to be unique',
      'Permanent error while executing qmail-forward',
      'Temporary error in automatic homedir creation',
      'Temporary error while executing qmail-forward',
      'Temporary failure in LDAP lookup',
      'Unable to contact LDAP server',
      'Unable to login into LDAP server, bad credentials',
    ],
  ],
];

export const qmail: MtaFamily = {
  name: 'qmail',
  parse(view) {
    const subject = subjectOf(view);
    if (subject !== 'failure notice' && !receivedContains(view, '(qmail ')) return null;
    const lines = linesAfter(view, starts);
    const findings = readBlocks('qmail', lines, (line) =>
      /^<[^>@]{0,254}@[^>]{0,254}>:/.test(line) ? loneAddress(line) : '',
    );
    if (findings.length === 0) return null;
    for (const f of findings) {
      const said = /Remote host said:.*$/.exec(f.diagnosis)?.[0] ?? '';
      f.command =
        commandPhrases.find(([, needles]) => needles.some((n) => f.diagnosis.includes(n)))?.[0] ?? '';
      if (f.command === '' && f.diagnosis.includes('no SMTP connection got far enough')) {
        f.command = findCommand(f.diagnosis);
      }
      if (f.command === 'EHLO' || f.command === 'HELO') {
        f.reason = 'blocked';
      } else if (
        f.diagnosis.includes(' does not like recipient.') &&
        f.diagnosis.includes('this message has been in the queue too long.')
      ) {
        f.reason = 'onhold';
      } else {
        f.reason = firstReasonIn(said, ownMessages) || firstReasonIn(f.diagnosis, ownMessages);
        if (f.reason === '' && f.diagnosis.includes('this message has been in the queue too long.')) {
          f.reason = 'expired';
        }
      }
      if (f.command === '') f.command = findCommand(f.diagnosis);
    }
    return findings;
  },
};
