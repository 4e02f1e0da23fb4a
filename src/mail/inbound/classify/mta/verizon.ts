/**
 * Verizon Wireless's vtext.com gateway (also seen behind Apache James): "Error: Invalid user
 * address", "Error message below:" and "RCPT TO: <recipient>" in the message details.
 */
import { cleanAddress } from '../parse/addresses.js';
import { findingFor, fromHeader, type MtaFamily } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [['userunknown', ['Requested action not taken: no such user here']]] as const;

export const verizon: MtaFamily = {
  name: 'verizon',
  parse(view) {
    if (!fromHeader(view).includes('post_master@vtext.')) return null;
    const text = view.text;
    const rcpt = /RCPT TO:\s*<?([^\s<>]{1,254})>?/i.exec(text)?.[1] ?? '';
    const recipient = cleanAddress(rcpt);
    if (recipient === '') return null;
    const below = text.indexOf('Error message below:');
    const details = text.indexOf('Message details:');
    const diagnosis = below >= 0 ? text.slice(below + 20, details > below ? details : undefined) : text;
    const f = findingFor('verizon', recipient, diagnosis);
    // Only Verizon's own gateway says what its phrases mean; Apache James relays them as they are.
    if (fromHeader(view).includes('post_master@vtext.com'))
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
    return [f];
  },
};
