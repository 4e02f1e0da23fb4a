/**
 * GMX and WEB.DE: Exim-like text where each failed address stands alone on a line (`"user@…":` or
 * `<user@…>`), followed by "SMTP error from remote server after RCPT command:" or "Reason:".
 */

import { findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { fromHeader, linesAfter, type MtaFamily, readBlocks } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [['expired', ['delivery retry timeout exceeded']]] as const;

export const gmx: MtaFamily = {
  name: 'gmx',
  parse(view) {
    if (!/mailer-daemon@[a-z0-9.-]{0,100}(gmx\.(net|com|de)|web\.de)/.test(fromHeader(view))) return null;
    const lines = linesAfter(view, ['This message was created automatically by mail delivery software.']);
    const findings = readBlocks('gmx', lines, (line) =>
      /^["<][^\s"<>]{1,254}@[^\s"<>]{1,254}[">]:?$/.test(line.trim())
        ? cleanAddress(line.replace(/"/g, ''))
        : '',
    );
    for (const f of findings) {
      f.command = findCommand(f.diagnosis);
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
    }
    return findings.length > 0 ? findings : null;
  },
};
