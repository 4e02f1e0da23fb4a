/**
 * From what an MTA said (status code, reply code, diagnostic text, refused command) to one of
 * sisimai's reason names. The order of the checks and what each check looks at follow sisimai's
 * `reason` package, so that our answers can be compared with its results on its own corpus.
 */
import { beforeData, type Finding } from '../finding.js';
import {
  contentErrorPhrases,
  notCompliantRfcPhrases,
  spamDetectedPhrases,
  vacationPhrases,
} from '../patterns/content-phrases.js';
import {
  exceedLimitPhrases,
  filteredPhrases,
  hasMovedPhrases,
  hostUnknownPhrases,
  mailboxFullPhrases,
  mesgTooBigPhrases,
  notAcceptPhrases,
  suspendPhrases,
  userUnknownPhrases,
} from '../patterns/recipient-phrases.js';
import {
  authFailurePhrases,
  badReputationPhrases,
  blockedPhrases,
  noRelayingPhrases,
  policyViolationPhrases,
  rejectedExceptions,
  rejectedPhrases,
  requirePtrPhrases,
  securityErrorPhrases,
  virusDetectedPhrases,
} from '../patterns/sender-phrases.js';
import { reasonOfStatusCode } from '../patterns/status-reasons.js';
import {
  expiredPhrases,
  failedStartTlsPhrases,
  mailerErrorPhrases,
  networkErrorPhrases,
  speedingPhrases,
  systemErrorPhrases,
  systemFullPhrases,
  tooManyConnPhrases,
} from '../patterns/system-phrases.js';
import { matchesAny, type Phrase } from '../patterns/text-match.js';

const phrasesOf: Record<string, readonly Phrase[]> = {
  authfailure: authFailurePhrases,
  badreputation: badReputationPhrases,
  blocked: blockedPhrases,
  contenterror: contentErrorPhrases,
  exceedlimit: exceedLimitPhrases,
  expired: expiredPhrases,
  failedstarttls: failedStartTlsPhrases,
  filtered: filteredPhrases,
  hasmoved: hasMovedPhrases,
  hostunknown: hostUnknownPhrases,
  mailboxfull: mailboxFullPhrases,
  mailererror: mailerErrorPhrases,
  mesgtoobig: mesgTooBigPhrases,
  networkerror: networkErrorPhrases,
  norelaying: noRelayingPhrases,
  notaccept: notAcceptPhrases,
  notcompliantrfc: notCompliantRfcPhrases,
  policyviolation: policyViolationPhrases,
  requireptr: requirePtrPhrases,
  securityerror: securityErrorPhrases,
  spamdetected: spamDetectedPhrases,
  speeding: speedingPhrases,
  suspend: suspendPhrases,
  systemerror: systemErrorPhrases,
  systemfull: systemFullPhrases,
  toomanyconn: tooManyConnPhrases,
  userunknown: userUnknownPhrases,
  vacation: vacationPhrases,
  virusdetected: virusDetectedPhrases,
};

/** Whether the (lower-cased) text says `reason` in any of the ways MTAs say it. */
export function textSays(reason: string, lowerText: string): boolean {
  if (reason === 'rejected') {
    return !matchesAny(lowerText, rejectedExceptions) && matchesAny(lowerText, rejectedPhrases);
  }
  const list = phrasesOf[reason];
  return list !== undefined && matchesAny(lowerText, list);
}

/** Reasons decided too early may be looked at again with the other evidence. */
const revisable = new Set([
  '',
  'undefined',
  'onhold',
  'systemerror',
  'securityerror',
  'expired',
  'networkerror',
  'hostunknown',
  'userunknown',
]);

export function isRevisable(reason: string): boolean {
  return revisable.has(reason);
}

/** A reason that actually says something (not '', `undefined` or `onhold`). */
export function isExplicit(reason: string): boolean {
  return reason !== '' && reason !== 'undefined' && reason !== 'onhold';
}

type Probe = (f: Finding, text: string, byStatus: string) => boolean;

const says =
  (reason: string): Probe =>
  (_f, text, byStatus) =>
    byStatus === reason || textSays(reason, text);

/** The checks of the first pass, in order: the first that holds names the reason. */
const firstPass: ReadonlyArray<readonly [string, Probe]> = [
  ['mailboxfull', says('mailboxfull')],
  [
    'mesgtoobig',
    (f, text, byStatus) =>
      byStatus === 'mesgtoobig' ||
      (byStatus !== 'exceedlimit' && f.status !== '5.2.3' && textSays('mesgtoobig', text)),
  ],
  ['exceedlimit', says('exceedlimit')],
  ['suspend', (f, text) => f.replyCode === '525' || textSays('suspend', text)],
  ['hasmoved', (_f, text) => textSays('hasmoved', text)],
  ['norelaying', (f, text) => !['CONN', 'EHLO', 'HELO'].includes(f.command) && textSays('norelaying', text)],
  ['authfailure', says('authfailure')],
  [
    'userunknown',
    (f, text, byStatus) => {
      if (byStatus === 'userunknown') {
        const others = ['norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept'];
        return !others.some((reason) => textSays(reason, text));
      }
      // With no SMTP command named, sisimai calls "user unknown" `filtered` (a content filter may
      // say it after DATA). Two cases say more: a DSN naming the remote MTA that refused and giving
      // only a class (5.0.0, Exchange's X-Supplementary-Info), and a layout no reader knows, where
      // the command cannot be known and an unknown user is the safe reading (suppress, not retry).
      const unnamed = f.command === '' && ((f.rhost !== '' && f.status === '5.0.0') || unknownLayout(f));
      return (f.command === 'RCPT' || unnamed) && textSays('userunknown', text);
    },
  ],
  [
    'filtered',
    (f, text, byStatus) => {
      if (byStatus === 'filtered') return textSays('userunknown', text) || textSays('filtered', text);
      if (beforeData.has(f.command)) return false;
      return textSays('filtered', text) || textSays('userunknown', text);
    },
  ],
  ['requireptr', says('requireptr')],
  ['notcompliantrfc', (_f, text) => textSays('notcompliantrfc', text)],
  ['badreputation', (_f, text) => textSays('badreputation', text)],
  [
    'contenterror',
    (f, text, byStatus) =>
      !probeSpam(f, text, byStatus) && (byStatus === 'contenterror' || textSays('contenterror', text)),
  ],
  [
    'rejected',
    (f, text, byStatus) => {
      if (byStatus === 'rejected') return true;
      if (f.command === 'MAIL') return textSays('rejected', text);
      if (f.command === 'DATA') return byStatus !== 'userunknown' && textSays('rejected', text);
      if (!isExplicit(byStatus) || byStatus === 'securityerror' || byStatus === 'systemerror') {
        return textSays('rejected', text);
      }
      return false;
    },
  ],
  [
    'hostunknown',
    (_f, text, byStatus) =>
      byStatus === 'hostunknown' ? !textSays('networkerror', text) : textSays('hostunknown', text),
  ],
  ['spamdetected', (f, text, byStatus) => probeSpam(f, text, byStatus)],
  ['speeding', (_f, text) => textSays('speeding', text)],
  ['toomanyconn', says('toomanyconn')],
  ['blocked', says('blocked')],
];

function probeSpam(f: Finding, text: string, byStatus: string): boolean {
  if (f.status === '') return false;
  if (byStatus === 'spamdetected') return true;
  if (beforeData.has(f.command)) return false;
  return textSays('spamdetected', text);
}

/** The phrases of the second pass, in order. */
const secondPass = [
  'mailboxfull',
  'authfailure',
  'badreputation',
  'speeding',
  'spamdetected',
  'virusdetected',
  'policyviolation',
  'norelaying',
  'systemerror',
  'networkerror',
  'suspend',
  'contenterror',
  'systemfull',
  'notaccept',
  'expired',
  'failedstarttls',
  'securityerror',
  'mailererror',
] as const;

function isSyntaxReply(replyCode: string): boolean {
  const n = Number(replyCode);
  return (n > 400 && n < 408) || (n > 500 && n < 508);
}

function secondLook(f: Finding, text: string): string {
  if (isExplicit(f.reason)) return f.reason;
  const byStatus = reasonOfStatusCode(f.status);
  if (!isRevisable(byStatus) && f.diagnosticType === 'SMTP') return byStatus;
  for (const reason of secondPass) if (textSays(reason, text)) return reason;
  if (byStatus !== '') return byStatus;
  const klass = f.status.slice(0, 3);
  if (klass === '5.6' || klass === '4.6') return 'contenterror';
  if (klass === '5.7' || klass === '4.7') return 'securityerror';
  if (f.diagnosticType.toUpperCase().startsWith('X-UNIX')) return 'mailererror';
  if (isSyntaxReply(f.replyCode)) return 'syntaxerror';
  if (f.action === 'delayed' || f.action === 'expired') return 'expired';
  if (f.command === 'EHLO' || f.command === 'HELO') return 'blocked';
  return byStatus;
}

/**
 * Findings of the readings that take what no layout reader (nor the older text reader, whose
 * answers follow sisimai's) recognised.
 */
const fallbackAgents = new Set(['transcript', 'generic']);

function unknownLayout(f: Finding): boolean {
  return fallbackAgents.has(f.agent);
}

function firstPassReason(f: Finding, text: string, byStatus: string): string {
  for (const [name, probe] of firstPass) if (f.reason === name || probe(f, text, byStatus)) return name;
  return '';
}

/** `5.1.0`, `4.2.0`: a class and subject, the detail left as "other or undefined". */
export function isSubjectOnly(status: string): boolean {
  return /^[45]\.[1-7]\.0$/.test(status);
}

/**
 * Delivered: a 2.x.x status, and the report does not call the recipient failed or delayed. A report
 * about a failure or a delay (a 4.x.x or 5.x.x status, Action failed or delayed) is never a delivery,
 * whatever success code an earlier hop's reply quoted in its text carries.
 */
export function isDelivered(f: Finding): boolean {
  return f.status.startsWith('2.') && f.action !== 'failed' && f.action !== 'delayed';
}

/**
 * The reason for one failed recipient, from its status, reply code, command and diagnostic text.
 * A reason the parser already knows for sure is kept.
 */
export function decideReason(f: Finding): string {
  if (f.reason !== '' && !isRevisable(f.reason)) return f.reason;
  if (isDelivered(f)) return 'delivered';
  const text = f.diagnosis.toLowerCase();
  const byStatus = reasonOfStatusCode(f.status);
  let reason = '';
  if (f.diagnosticType === 'SMTP' || f.diagnosticType === '') {
    // A status that names only its subject (5.1.0 "other address status") yields to what the text
    // says: "5.1.0 … too many connections" is not an unknown user.
    if (isSubjectOnly(f.status)) reason = firstPassReason(f, text, '');
    reason ||= firstPassReason(f, text, byStatus);
  }
  if (reason !== '') return reason;
  reason = secondLook(f, text);
  if (reason === 'undefined') reason = '';
  if (reason === '' && f.action === 'delayed') reason = 'expired';
  if (reason !== '') return reason;
  if (textSays('vacation', text)) return 'vacation';
  return text !== '' ? 'onhold' : 'undefined';
}
