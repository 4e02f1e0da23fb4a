/**
 * fml (a Japanese mailing-list manager) answers a posting it refuses with its own notice, e.g.
 * "Loop Alert: Duplicated Message-ID", "You are not a member of this list".
 */
import { findAddresses } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, type MtaFamily } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['systemerror', ['Duplicated Message-ID']],
  ['rejected', ['You are not a member of this list', 'Rejected by the mailing list policy']],
  ['securityerror', ['Security Alert']],
] as const;

export const fml: MtaFamily = {
  name: 'fml',
  parse(view) {
    if (!view.headers.has('x-mlserver') && !/^fml/i.test(first(view.headers, 'x-ml-info'))) {
      if (!/-admin@/.test(first(view.headers, 'from')) || !view.subject.includes('(')) return null;
    }
    const reason = firstReasonIn(`${view.subject} ${view.text.slice(0, 2000)}`, ownMessages);
    if (reason === '') return null;
    const text = splitAtCopy(view.text)[0];
    const recipient = findAddresses(text.split('\n').slice(0, 5).join(' '))[0] ?? '';
    if (recipient === '') return null;
    const f = findingFor('fml', recipient, `${view.subject} ${text.split('\n')[0] ?? ''}`);
    f.reason = reason;
    return [f];
  },
};
