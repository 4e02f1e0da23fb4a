/**
 * Gmail's own (pre-2014) bounce: "Delivery to the following recipient failed permanently:", the
 * address indented, then "Technical details of … failure" with the remote host's answer and
 * Gmail's `(state N)` code for the SMTP stage it reached.
 */
import { cleanAddress } from '../parse/addresses.js';
import { findStatus } from '../patterns/status-code.js';
import { reasonOfStatusCode } from '../patterns/status-reasons.js';
import { fromHeader, linesAfter, type MtaFamily, readBlocks, subjectOf } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  [
    'expired',
    [
      'DNS Error: Could not contact DNS servers',
      'Delivery to the following recipient has been delayed',
      'The recipient server did not accept our requests to connect',
    ],
  ],
  ['hostunknown', ['DNS Error: Domain name not found', 'DNS Error: DNS server returned answer with no data']],
] as const;

/** Gmail's `(state N)`: the SMTP command it was at, and what that usually means. */
const states: Record<string, readonly [string, string]> = {
  '6': ['MAIL', 'failedstarttls'],
  '8': ['AUTH', 'systemerror'],
  '9': ['AUTH', 'failedstarttls'],
  '12': ['AUTH', 'norelaying'],
  '13': ['EHLO', 'blocked'],
  '14': ['RCPT', 'userunknown'],
  '15': ['DATA', 'filtered'],
  '17': ['DATA', 'filtered'],
  '18': ['DATA', 'filtered'],
};

export const gmail: MtaFamily = {
  name: 'gmail',
  parse(view) {
    if (!fromHeader(view).includes('<mailer-daemon@googlemail.com>')) return null;
    if (!subjectOf(view).includes('delivery status notification')) return null;
    const text = view.text;
    const at = text.indexOf('Delivery to the following recipient');
    if (at < 0) return null;
    const lines = linesAfter(view, ['Delivery to the following recipient'], text.slice(at));
    const stop = (line: string) => /^-{5} (Original message|Message header follows) -{5}/.test(line);
    const opening = text.slice(at).split('\n')[0] ?? '';
    const findings = readBlocks(
      'gmail',
      lines,
      (line) => (line.startsWith(' ') && line.includes('@') ? cleanAddress(line) : ''),
      stop,
    );
    if (findings[0] !== undefined) findings[0].diagnosis = `${opening} ${findings[0].diagnosis}`;
    for (const f of findings) {
      const state = /\(state (\d+)\)/.exec(f.diagnosis)?.[1] ?? '';
      const known = states[state];
      if (known !== undefined) [f.command, f.reason] = known;
      f.reason ||= firstReasonIn(f.diagnosis, ownMessages);
      if (f.reason === '') continue;
      const status = findStatus(f.diagnosis);
      if (status === '') continue;
      f.status = status;
      if (!status.includes('.0')) f.reason = reasonOfStatusCode(status);
    }
    return findings.length > 0 ? findings : null;
  },
};
