/**
 * Lotus/HCL Domino: "Your message … was not delivered to: <address> because: <reason>".
 */
import { findAddresses } from '../parse/addresses.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, type MtaFamily, subjectOf } from './family.js';
import { firstReasonInLower } from './phrases.js';

const ownMessages = [
  [
    'userunknown',
    ['not listed in domino directory', 'not listed in public name & address book', 'no such user'],
  ],
  ['filtered', ['cannot deliver to this user']],
  ['mesgtoobig', ['message is too large']],
  ['networkerror', ['unable to connect', 'unable to route']],
] as const;

export const domino: MtaFamily = {
  name: 'domino',
  parse(view) {
    if (
      !subjectOf(view).startsWith('delivery failure: ') &&
      !subjectOf(view).startsWith('delivery status notification')
    ) {
      return null;
    }
    const text = splitAtCopy(view.text)[0];
    const at = text.indexOf('was not delivered to:');
    const because = text.indexOf('because:', at);
    if (at < 0 || because < 0) return null;
    const diagnosis =
      text
        .slice(because + 8)
        .trim()
        .split('\n\n')[0] ?? '';
    const findings = findAddresses(text.slice(at, because)).map((a) => findingFor('domino', a, diagnosis));
    for (const f of findings) f.reason = firstReasonInLower(f.diagnosis, ownMessages);
    return findings.length > 0 ? findings : null;
  },
};
