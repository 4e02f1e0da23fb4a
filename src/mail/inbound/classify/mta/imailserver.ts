/**
 * Ipswitch IMail Server: "Undeliverable Mail" with one line per failure (`Unknown user: user@…`,
 * `Body of message generated response: …`) before "Original message follows.".
 */
import { findAddresses } from '../parse/addresses.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, type MtaFamily, subjectOf } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['hostunknown', ['Unknown host']],
  ['userunknown', ['Unknown user', 'Invalid final delivery userid']],
  ['mailboxfull', ['User mailbox exceeds allowed size']],
  ['securityerror', ['Requested action not taken: virus detected']],
  ['spamdetected', ['Blacklisted URL in message']],
  ['expired', ['Delivery failed ']],
] as const;

export const imailserver: MtaFamily = {
  name: 'imailserver',
  parse(view) {
    if (!subjectOf(view).startsWith('undeliverable mail')) return null;
    if (!view.text.includes('Original message follows.')) return null;
    const text = splitAtCopy(view.text)[0];
    const findings = [];
    for (const line of text.split('\n')) {
      const address = findAddresses(line)[0];
      if (address === undefined || !/^[A-Z][a-z]{1,20}( [a-z]{1,20}){0,5}: /.test(line)) continue;
      const f = findingFor('imailserver', address, line);
      f.reason = firstReasonIn(line, ownMessages);
      findings.push(f);
    }
    return findings.length > 0 ? findings : null;
  },
};
