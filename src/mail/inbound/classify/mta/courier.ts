/**
 * Courier MTA: "This is a delivery status notification from host, running the Courier mail server",
 * a list of `<user@example.com>:` with the remote host's `<<<` answers, and a DSN.
 */

import type { Finding } from '../finding.js';
import { findByDsn } from '../parse/dsn-bounce.js';
import type { MtaFamily } from './family.js';
import { firstReasonIn } from './phrases.js';

/** Courier's own error strings (courier/module.esmtp, courier/submit), by reason. */
const ownMessages = [
  ['userunknown', ['This address no longer accepts mail.']],
  ['hostunknown', ['No such domain.']],
  ['mesgtoobig', ['Message too big']],
  ['networkerror', ['Unable to connect', 'DNS lookup failed.']],
  ['expired', ['Retry timeout exceeded']],
] as const;

export const courier: MtaFamily = {
  name: 'courier',
  parse(view) {
    if (!view.text.includes('running the Courier mail server')) return null;
    const findings: Finding[] | null = findByDsn(view);
    if (findings === null) return null;
    for (const f of findings) {
      f.agent = 'courier';
      f.reason = firstReasonIn(f.diagnosis, ownMessages);
    }
    return findings;
  },
};
