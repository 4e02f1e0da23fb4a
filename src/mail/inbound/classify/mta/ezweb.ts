/**
 * EZweb (au by KDDI mobile mail): "Mail System Error - Returned Mail" in Japanese and English; an
 * account that is disabled is said so in plain words above the SMTP answer.
 */

import { findByText } from '../fallback/text-bounce.js';
import { findByDsn } from '../parse/dsn-bounce.js';
import { fromHeader, type MtaFamily, subjectOf } from './family.js';
import { firstReasonIn } from './phrases.js';

const ownMessages = [
  ['suspend', ['The user(s) account is disabled.']],
  ['expired', ['The following recipients did not receive this message:']],
  ['blocked', ['The recipient may be unable to receive mails because of the mail server']],
] as const;

export const ezweb: MtaFamily = {
  name: 'ezweb',
  parse(view) {
    if (
      !fromHeader(view).includes('postmaster@ezweb.ne.jp') &&
      !subjectOf(view).startsWith('mail system error')
    ) {
      return null;
    }
    const findings = findByDsn(view) ?? findByText(view);
    if (findings === null) return null;
    const said = firstReasonIn(view.text, ownMessages);
    for (const f of findings) {
      f.agent = 'ezweb';
      if (said !== '') f.reason = said;
    }
    return findings;
  },
};
