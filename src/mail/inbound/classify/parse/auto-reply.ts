/**
 * RFC 3834 automatic responses (vacation and out-of-office replies): `Auto-Submitted: auto-replied`,
 * `Precedence: auto_reply`, Apple's `X-Apple-Action: vacation`, or a Subject such as "Automatic reply:".
 * Mail from root, postmaster or a mailer daemon is left to the bounce parsers.
 */

import { emptyFinding, type Finding } from '../finding.js';
import { squeeze } from '../patterns/text-match.js';
import { cleanAddress } from './addresses.js';
import { first } from './header-block.js';
import type { MailView } from './mail-view.js';

const notAutoReplies: Record<string, readonly string[]> = {
  from: ['root@', 'postmaster@', 'mailer-daemon@'],
  to: ['root@'],
  subject: ['security information for', 'mail failure -'],
};

const autoReplyMarks: Record<string, readonly string[]> = {
  'auto-submitted': ['auto-generated', 'auto-replied', 'auto-notified'],
  precedence: ['auto_reply'],
  subject: [
    'auto:',
    'auto response:',
    'automatic reply:',
    'auto reply:',
    'out of office:',
    'out of the office:',
  ],
  'x-apple-action': ['vacation'],
};

function lowered(view: MailView, name: string): string {
  return (name === 'subject' ? view.subject : first(view.headers, name)).toLowerCase().trim();
}

/** Whether the message is an automatic reply by its headers. */
export function isAutoReply(view: MailView): boolean {
  for (const [name, needles] of Object.entries(notAutoReplies)) {
    const value = lowered(view, name);
    if (needles.some((n) => value.includes(n))) return false;
  }
  if (first(view.headers, 'x-autoreply') !== '' || first(view.headers, 'x-autorespond') !== '') return true;
  return Object.entries(autoReplyMarks).some(([name, marks]) => {
    const value = lowered(view, name);
    return marks.some((m) => value.startsWith(m));
  });
}

/** The auto-reply as one finding (the person who replied), or null. */
export function parseAutoReply(view: MailView): Finding[] | null {
  if (!isAutoReply(view)) return null;
  const recipient =
    cleanAddress(first(view.headers, 'from')) || cleanAddress(first(view.headers, 'return-path'));
  if (recipient === '') return null;
  const f = emptyFinding('rfc3834');
  f.recipient = recipient;
  f.reason = 'vacation';
  f.diagnosis = squeeze(
    view.text
      .split('\n')
      .filter((l) => !l.startsWith('--'))
      .join(' '),
  ).slice(0, 500);
  return [f];
}
