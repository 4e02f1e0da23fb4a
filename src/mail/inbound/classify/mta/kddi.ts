/**
 * au by KDDI (au one net, EZweb): "Your mail sent on: …", then "Could not be delivered to: <…>"
 * and the reason on the next indented line.
 */

import { findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import { fromHeader, linesAfter, type MtaFamily, readBlocks, receivedContains } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['mailboxfull', ['As their mailbox is full']],
  ['norelaying', ['Due to the following SMTP relay error']],
  ['hostunknown', ['As the remote domain doesnt exist']],
] as const;

export const kddi: MtaFamily = {
  name: 'kddi',
  parse(view) {
    const from = fromHeader(view);
    const isKddi =
      (from.includes('no-reply@') && from.includes('.dion.ne.jp')) ||
      first(view.headers, 'reply-to').includes('no-reply@app.auone-net.jp') ||
      receivedContains(view, 'ezweb.ne.jp (') ||
      receivedContains(view, '.au.com (');
    if (!isKddi) return null;
    const lines = linesAfter(view, ['Your mail sent on:', 'Your mail attempted to be delivered on:']);
    const findings = readBlocks('kddi', lines, (line) =>
      line.includes(' Could not be delivered to: <') ? cleanAddress(line) : '',
    );
    const filtered = first(view.headers, 'x-spasign') === 'NG';
    for (const f of findings) {
      f.command = findCommand(f.diagnosis);
      if (filtered) f.reason = 'filtered';
      else if (f.command === 'RCPT') f.reason = 'userunknown';
      else f.reason = firstReasonIn(f.diagnosis, ownMessages);
    }
    return findings.length > 0 ? findings : null;
  },
};
