/**
 * Google Groups: "the group you tried to contact (name) may not exist, or you may not have
 * permission to post messages to the group", in the sender's language; the group's address is in
 * X-Failed-Recipients.
 */
import { cleanAddress } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findingFor, fromHeader, type MtaFamily, subjectOf } from './family.js';

export const googleGroups: MtaFamily = {
  name: 'google-groups',
  parse(view) {
    if (!view.text.includes('Google Groups')) return null;
    const failed = first(view.headers, 'x-failed-recipients');
    if (failed === '' || !view.headers.has('x-google-smtp-source')) return null;
    if (!fromHeader(view).includes('<mailer-daemon@googlemail.com>')) return null;
    if (!subjectOf(view).includes('delivery status notification')) return null;
    const body = splitAtCopy(view.text)[0];
    const bullets = body.split('\n').filter((line) => /^ ?\* /.test(line)).length;
    const reason = bullets === 4 ? 'rejected' : 'onhold';
    const findings = failed
      .split(',')
      .map((a) => cleanAddress(a))
      .filter((a) => a !== '')
      .map((recipient) => {
        const f = findingFor('google-groups', recipient, body);
        f.reason = reason;
        return f;
      });
    return findings.length > 0 ? findings : null;
  },
};
