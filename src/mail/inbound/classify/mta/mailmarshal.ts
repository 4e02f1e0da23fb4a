/**
 * Trustwave MailMarshal: "Your message: … Could not be delivered because of <reply> … The following
 * recipients were affected:" and the addresses, indented.
 */
import { findAddresses } from '../parse/addresses.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, type MtaFamily, subjectOf } from './family.js';

export const mailmarshal: MtaFamily = {
  name: 'mailmarshal',
  parse(view) {
    if (!subjectOf(view).startsWith('undeliverable mail: "')) return null;
    const text = splitAtCopy(view.text)[0];
    const because = text.indexOf('Could not be delivered because of');
    const affected = text.indexOf('The following recipients were affected:');
    if (because < 0 || affected < because) return null;
    const diagnosis = text.slice(because + 33, affected);
    const list = text.slice(affected).split(/\n[ \t]*\n|Additional Information/)[0] ?? '';
    const findings = findAddresses(list).map((a) => findingFor('mailmarshal', a, diagnosis));
    return findings.length > 0 ? findings : null;
  },
};
