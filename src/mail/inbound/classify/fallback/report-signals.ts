/**
 * Whether a message of no layout we know is a non-delivery report at all: by its structure (a
 * multipart/report, DSN fields, the headers report-writing MTAs add), by who sent it and what its
 * Subject says, and by where it arrived (a VERP return path of ours). These decide whether the
 * generic reading may run; none of them decides a reason.
 */
import { looksLikeToken } from '../../../../core/tokens.js';
import { textSays } from '../decide/reason-rules.js';
import { cleanAddress } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findReplyCode, findStatus } from '../patterns/status-code.js';
import { matchesAny, maxDiagnosis, phrases } from '../patterns/text-match.js';

/** What a mail system's From says (lower-cased): the address's local part or the display name. */
const systemSenders = [
  'mailer-daemon',
  'mailer daemon',
  'postmaster',
  'mail delivery',
  'mail.delivery',
  'mail deliver',
  'mail administrator',
  'mail system',
  'mdaemon@',
  'internet mail delivery',
  'delivery notification',
  'delivery subsystem',
  'microsoftexchange',
  'system administrator',
];

/** Subjects of delivery reports (lower-cased), in the languages their MTAs most often write. */
const reportSubjects = [
  'undeliver',
  'delivery fail',
  'delivery status',
  'delivery notification',
  'delivery report',
  'delivery problem',
  'delivery error',
  'delivery has failed',
  'delivery delayed',
  'delayed mail',
  'delivery is delayed',
  'non-delivery',
  'nondelivery',
  'non delivery',
  'returned mail',
  'returning message',
  'failure notice',
  'failed delivery',
  'mail delivery',
  'could not be delivered',
  'could not deliver',
  'not delivered',
  'message status - undeliverable',
  'error sending your mail',
  'mail error',
  'mail system error',
  'rejected',
  'unzustellbar',
  'nicht zugestellt',
  'non remis',
  'non distribué',
  'impossible de remettre',
  'non recapitabile',
  'mancata consegna',
  'no se puede entregar',
  'no entregado',
  'não entregue',
  'onbestelbaar',
  'niet bezorgd',
  'не доставлено',
  'недоставлен',
  '退信',
  '未送達',
  '配信不能',
  '전송 실패',
];

/** The From or the Return-Path is a mail system's, or the Return-Path is null (RFC 5321 §4.5.5). */
export function isFromMailSystem(view: MailView): boolean {
  const from = first(view.headers, 'from').toLowerCase();
  if (systemSenders.some((s) => from.includes(s))) return true;
  const returnPath = first(view.headers, 'return-path').replace(/\s/g, '');
  return returnPath === '<>';
}

/** The Subject reads like a delivery report's. */
export function hasReportSubject(view: MailView): boolean {
  const subject = view.subject.toLowerCase();
  return reportSubjects.some((s) => subject.includes(s));
}

const inlineDsnField =
  /^[ \t>]{0,8}(final-recipient|original-recipient)[ \t]*:[ \t]*(rfc822|<|[^\s@]{1,64}@)/im;

/**
 * The message says by its form that it is a report: RFC 6522 multipart/report of a delivery status,
 * a delivery-status part, RFC 3464 recipient fields in its text, X-Failed-Recipients (Exim and its
 * kin), Exchange's NDR marks (`X-MS-Exchange-Message-Is-Ndr`, `X-MAPI-Message-Class: REPORT.…NDR`).
 */
export function hasReportStructure(view: MailView): boolean {
  if (view.deliveryStatus !== '') return true;
  if (/report-type="?delivery-status/.test(view.contentType)) return true;
  if (view.headers.has('x-failed-recipients') || view.headers.has('x-ms-exchange-message-is-ndr'))
    return true;
  if (/^report\.[a-z.]{0,40}\.ndr$/i.test(first(view.headers, 'x-mapi-message-class').trim())) return true;
  return inlineDsnField.test(view.text);
}

const verpAddress = /bounce\+([A-Za-z0-9_-]{1,128})@/i;

/**
 * It arrived at a VERP return path of ours: the listener says so (`hint`, from the envelope), or the
 * headers the receiving MTA wrote (Delivered-To, X-Original-To, Envelope-To) or the To name a
 * `bounce+<token>@` address with a token Kindly could have made. Only the classification depends on
 * it; what a report changes is decided by correlation, which needs the token itself.
 */
export function arrivedAtVerp(view: MailView, hint: boolean): boolean {
  if (hint) return true;
  const values = ['delivered-to', 'x-original-to', 'envelope-to', 'to'].flatMap(
    (name) => view.headers.get(name) ?? [],
  );
  return values.some((value) => looksLikeToken(verpAddress.exec(cleanAddress(value))?.[1] ?? ''));
}

/** Sentences that say a message failed (lower-cased). */
const failureSentences = phrases(`
could not be delivered
couldn't be delivered
could not deliver
couldn't deliver
unable to deliver
failed to deliver
was not delivered
wasn't delivered
not be delivered
undeliverable
undelivered
delivery failed
delivery has failed
delivery to the following
did not reach
could not be reached
permanent error
permanent failure
temporary failure
was rejected
has been rejected
returned to sender
`);

/**
 * The bounce's own text (not the returned copy) says something failed: an SMTP reply or status code
 * of a failure, a sentence saying so, or the words of a failure reason; or the message returns a copy
 * of the original.
 */
export function hasFailureEvidence(view: MailView): boolean {
  const [whole, copy] = splitAtCopy(view.text);
  if (view.original !== '' || copy.trim() !== '') return true;
  // What a report says about its failure comes first; a long text is not read to its end.
  const own = whole.slice(0, 4 * maxDiagnosis);
  const code = findStatus(own) || findReplyCode(own);
  if (code.startsWith('4') || code.startsWith('5')) return true;
  const lower = own.toLowerCase();
  return matchesAny(lower, failureSentences) || failureReasons.some((reason) => textSays(reason, lower));
}

const failureReasons = ['userunknown', 'hostunknown', 'mailboxfull', 'suspend', 'hasmoved', 'filtered'];

/**
 * A non-delivery report, whatever its layout: it says so by its form; or a mail system sent it under
 * a report's Subject; or it came to our return path from a mail system or under a report's Subject,
 * and says that something failed. A person's reply to the return path, or a postmaster's notice
 * that reports no failure, is none of these.
 */
export function isDeliveryReport(view: MailView, atVerp: boolean): boolean {
  if (hasReportStructure(view)) return true;
  const fromSystem = isFromMailSystem(view);
  const reportSubject = hasReportSubject(view);
  if (fromSystem && reportSubject) return true;
  return arrivedAtVerp(view, atVerp) && (fromSystem || reportSubject) && hasFailureEvidence(view);
}
