/**
 * OpenSMTPD: "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.", then one
 * `user@example.com: reason` line per recipient. Its DSN part adds nothing the line does not say.
 */
import { cleanAddress } from '../parse/addresses.js';
import { findingFor, linesAfter, type MtaFamily, subjectOf } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['expired', ['Envelope expired']],
  ['hostunknown', ['Invalid domain name', 'Domain does not exist']],
  ['networkerror', ['Network error on destination MXs', 'Destination seem to reject all mails']],
  ['notaccept', ['No MX found for domain', 'No MX found for destination']],
  ['securityerror', ['Could not retrieve source address']],
  ['userunknown', ['Invalid recipient']],
  ['mailererror', ['Delivery to program failed', 'Delivery to file failed']],
] as const;

export const opensmtpd: MtaFamily = {
  name: 'opensmtpd',
  parse(view) {
    if (!subjectOf(view).startsWith('delivery status notification')) return null;
    const lines = linesAfter(view, ['This is the MAILER-DAEMON, please DO NOT REPLY to this e']);
    const findings = [];
    for (const line of lines) {
      if (line.includes('Below is a copy of the original message')) break;
      const m = /^([^\s@:]{1,64}@[^\s:]{1,255}): (.*)$/.exec(line);
      if (m === null) continue;
      const f = findingFor('opensmtpd', cleanAddress(m[1] ?? ''), m[2] ?? '');
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
      findings.push(f);
    }
    return findings.length > 0 ? findings : null;
  },
};
