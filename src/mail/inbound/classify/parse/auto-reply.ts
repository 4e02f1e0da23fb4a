/**
 * RFC 3834 automatic responses (vacation and out-of-office replies): `Auto-Submitted: auto-replied`,
 * `Precedence: auto_reply`, Apple's `X-Apple-Action: vacation`, or a Subject such as "Automatic reply:";
 * and challenge-response messages, which answer like them. Mail from root, postmaster or a mailer
 * daemon is left to the bounce parsers.
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

/** Headers that challenge-response filters (Boxbe, Spam Arrest, ChoiceMail, Bluebottle…) add. */
const challengeHeaders = /^x-(boxbe|spamarrest|spam-arrest|choicemail|bluebottle|challenge|tmda)/;

/** What challenges say (lower-cased): in the Subject, or near the top of the text. */
const challengeSubjects = [
  'sender verification',
  'verify your e-mail',
  'verify your email',
  'confirm your message',
];
const challengeTexts = [
  'challenge-response',
  'challenge/response',
  'confirm that you are a person',
  'confirm that you are human',
  'verify that you are a person',
  'verify that you are human',
  'add yourself to her guest list',
  'add yourself to his guest list',
  'add yourself to my guest list',
  'protecting myself from receiving junk mail',
  'so i can receive your email',
];

/**
 * A challenge: a filter holding our message until the sender proves to be a person. It answers the
 * message like an auto-reply and says nothing about whether the address works.
 */
export function isChallenge(view: MailView): boolean {
  if ([...view.headers.keys()].some((name) => challengeHeaders.test(name))) return true;
  const subject = view.subject.toLowerCase();
  if (challengeSubjects.some((s) => subject.includes(s))) return true;
  const text = view.text.slice(0, 2000).toLowerCase();
  return challengeTexts.some((t) => text.includes(t));
}

/** Whether the message is an automatic reply (or a challenge) by its headers. */
export function isAutoReply(view: MailView): boolean {
  for (const [name, needles] of Object.entries(notAutoReplies)) {
    const value = lowered(view, name);
    if (needles.some((n) => value.includes(n))) return false;
  }
  if (first(view.headers, 'x-autoreply') !== '' || first(view.headers, 'x-autorespond') !== '') return true;
  const marked = Object.entries(autoReplyMarks).some(([name, marks]) => {
    const value = lowered(view, name);
    return marks.some((m) => value.startsWith(m));
  });
  return marked || isChallenge(view);
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
