/**
 * DragonFly Mail Agent (dma): "This is the DragonFly Mail Agent …", then "There was an error
 * delivering your mail to <user@example.com>." and the remote host's answer.
 */

import { findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { linesAfter, type MtaFamily, readBlocks, receivedContains, subjectOf } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['expired', ['Could not deliver for the last ']],
  ['hostunknown', ['DNS lookup failure: host ']],
] as const;

export const dragonfly: MtaFamily = {
  name: 'dragonfly',
  parse(view) {
    if (!subjectOf(view).includes('mail delivery failed')) return null;
    if (!receivedContains(view, ' (dragonfly mail agent')) return null;
    const lines = linesAfter(view, ['This is the DragonFly Mail Agent ']);
    const stop = (line: string) =>
      line.startsWith('Original message follows.') || line.startsWith('Message headers follow');
    const findings = readBlocks(
      'dragonfly',
      lines,
      (line) => (line.startsWith('There was an error delivering your mail to <') ? cleanAddress(line) : ''),
      stop,
    );
    for (const f of findings) {
      const said = f.diagnosis.indexOf(' did not like our ');
      if (said >= 0) f.command = findCommand(f.diagnosis.slice(said, said + 40));
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
    }
    return findings.length > 0 ? findings : null;
  },
};
