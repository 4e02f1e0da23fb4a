/**
 * BIGLOBE: "----- The following addresses had delivery problems -----", the address, then
 * "----- Non-delivered information -----" and the reason.
 */
import { findAddresses } from '../parse/addresses.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, fromHeader, type MtaFamily } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['filtered', ['Mail Delivery Failed... User unknown']],
  ['mailboxfull', ["The number of messages in recipient's mailbox exceeded the local limit."]],
] as const;

export const biglobe: MtaFamily = {
  name: 'biglobe',
  parse(view) {
    if (!/postmaster@[a-z0-9.-]{0,100}biglobe\.ne\.jp/.test(fromHeader(view))) return null;
    const text = splitAtCopy(view.text)[0];
    const start = text.indexOf('----- The following addresses had delivery problems -----');
    if (start < 0) return null;
    const info = text.indexOf('----- Non-delivered information -----', start);
    const addresses = findAddresses(text.slice(start, info < 0 ? undefined : info));
    const diagnosis = info < 0 ? '' : text.slice(info + 38);
    const findings = addresses.map((a) => findingFor('biglobe', a, diagnosis));
    for (const f of findings) f.reason = firstReasonIn(f.diagnosis, ownMessages);
    return findings.length > 0 ? findings : null;
  },
};
