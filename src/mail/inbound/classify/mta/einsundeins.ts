/**
 * 1&1 / IONOS (kundenserver.de): Exim-like text where each failed address ends with a colon and the
 * next line says "SMTP error from remote server for <command> command, host: <host> reason: …".
 */

import { findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { fromHeader, linesAfter, type MtaFamily, readBlocks } from './family.js';

export const einsundeins: MtaFamily = {
  name: 'einsundeins',
  parse(view) {
    const from = fromHeader(view);
    if (
      !from.includes('mailer-daemon@') ||
      !['kundenserver.de', '1und1.de', 'ionos.'].some((d) => from.includes(d))
    ) {
      return null;
    }
    const lines = linesAfter(view, ['This message was created automatically by mail delivery software.']);
    const findings = readBlocks('einsundeins', lines, (line) =>
      /^[^\s@]{1,64}@[^\s@]{1,255}:$/.test(line.trim()) ? cleanAddress(line.trim().slice(0, -1)) : '',
    );
    for (const f of findings) {
      const m = /SMTP error from remote server for (\w+) command, host: (\S+)/.exec(f.diagnosis);
      if (m !== null) {
        f.rhost = m[2] ?? '';
        f.command = m[1] === 'TEXT' ? 'DATA' : findCommand(m[1] ?? '');
      }
      const reason = f.diagnosis.indexOf(' reason: ');
      if (reason >= 0) f.diagnosis = f.diagnosis.slice(reason + 9);
    }
    return findings.length > 0 ? findings : null;
  },
};
