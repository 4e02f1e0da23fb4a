/**
 * Zoho Mail: "This message was created automatically by mail delivery software.", then
 * `user@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 …` lines.
 */

import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, fromHeader, type MtaFamily } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [['expired', ['Host not reachable']]] as const;

export const zoho: MtaFamily = {
  name: 'zoho',
  parse(view) {
    if (!fromHeader(view).includes('mailer-daemon@mail.zoho')) return null;
    const findings = [];
    for (const line of splitAtCopy(view.text)[0].split('\n')) {
      const m = /^([^\s@]{1,64}@[^\s@]{1,255}) (.*ERROR_CODE.*)$/.exec(line.trim());
      if (m === null) continue;
      const f = findingFor('zoho', (m[1] ?? '').toLowerCase(), (m[2] ?? '').replace(/ERROR_CODE :/g, ''));
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
      findings.push(f);
    }
    return findings.length > 0 ? findings : null;
  },
};
