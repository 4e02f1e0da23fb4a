/**
 * T-Online (and Smail, whose heading it shares): the failed addresses between two ruled headings,
 * each alone on a line and followed by the remote host's reply, indented:
 *
 *     |------------------------- Failed addresses follow: ---------------------|
 *      <user@t-online.de>
 *        552 5.2.2 <user@t-online.de> Quota exceeded (mailbox for user is full)
 *     |------------------------- Message header follows: ----------------------|
 */
import { findCommand } from '../finding.js';
import { loneAddress, type MtaFamily, readBlocks } from './family.js';

const heading = 'failed addresses follow:';
const ends = ['message header follows', 'message text follows', 'message follows'];

export const tonline: MtaFamily = {
  name: 'tonline',
  parse(view) {
    const lines = view.text.split('\n');
    const at = lines.findIndex((line) => line.toLowerCase().includes(heading));
    if (at < 0) return null;
    const stop = (line: string) => ends.some((end) => line.toLowerCase().includes(end));
    const findings = readBlocks('tonline', lines.slice(at + 1), loneAddress, stop);
    for (const f of findings) f.command = findCommand(f.diagnosis);
    return findings.length > 0 ? findings : null;
  },
};
