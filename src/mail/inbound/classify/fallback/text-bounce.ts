/**
 * The last resort for bounces in no format we know: a message from a mail system whose own text
 * (before the pasted original) names addresses and carries an SMTP reply or status code. Each
 * address it names (other than the sender's) is a failed recipient, and the lines from it to the
 * next one are its diagnosis. Prose without any SMTP code is not taken for a bounce.
 */

import type { Finding } from '../finding.js';
import { findingFor } from '../mta/family.js';
import { cleanAddress, findAddresses } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { originalHeaders, splitAtCopy } from '../parse/original-message.js';
import { findReplyCode, findStatus } from '../patterns/status-code.js';
import { maxDiagnosis } from '../patterns/text-match.js';
import { hasReportSubject, isFromMailSystem } from './report-signals.js';

/**
 * Whether the message comes from a mail system, by its From (or a null Return-Path), or reads like a
 * report by its Subject.
 */
export function looksLikeBounce(view: MailView): boolean {
  return isFromMailSystem(view) || hasReportSubject(view);
}

/** `<user@example.com>: …` or `user@example.com: …` at the start of a line (Postfix, qmail and their kin). */
const leadingAddress = /^\s{0,4}<?[^\s<>@]{1,64}@[^\s<>]{1,255}>?:/;

const headerish =
  /^\s*(from|to|cc|reply-to|sender|return-path|message-id|date|subject|received|x-[a-z-]+)\s*:/i;

/** A line quoting a Message-ID anywhere (a log line, a transcript): its `<…@…>` is no recipient. */
const quotesMessageId = /message-id\s*:/i;

/** Sentences that introduce the list of failed recipients (lower-cased). */
const headings = [
  'following address',
  'following recipient',
  'following destination',
  'list of recipients',
  'could not be delivered to:',
  'was not delivered to:',
  'not delivered to the following',
  'did not reach the following',
  'delivery to the following',
  'failure reasons',
  'delivery failed to',
];

/** The text from the line introducing the failed recipients on, or '' when there is no such line. */
function afterHeading(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => {
    const lower = line.toLowerCase();
    return headings.some((h) => lower.includes(h));
  });
  return at < 0 ? '' : lines.slice(at).join('\n');
}

export function findByText(view: MailView): Finding[] | null {
  if (!looksLikeBounce(view)) return null;
  const wholeError = splitAtCopy(view.text)[0];
  const listed = afterHeading(wholeError);
  const hasCode = findStatus(wholeError) !== '' || findReplyCode(wholeError) !== '';
  if (!hasCode && listed === '') return null;
  const errorPart = listed !== '' ? listed : wholeError;
  const original = originalHeaders(view);
  const excluded = new Set(
    [
      first(view.headers, 'from'),
      first(view.headers, 'to'),
      first(view.headers, 'reply-to'),
      first(original, 'from'),
      first(original, 'return-path'),
      first(original, 'sender'),
    ]
      .map(cleanAddress)
      .filter((a) => a !== ''),
  );
  const lines = errorPart.split('\n').filter((line) => !headerish.test(line) && !quotesMessageId.test(line));
  const leading = lines.some((line) => leadingAddress.test(line));
  const findings: Finding[] = [];
  let current: Finding | null = null;
  for (const line of lines) {
    const candidates = leading
      ? leadingAddress.test(line)
        ? findAddresses(line).slice(0, 1)
        : []
      : findAddresses(line);
    const fresh = candidates.filter(
      (a) =>
        !excluded.has(a) &&
        !findings.some((f) => f.recipient === a) &&
        !/^(mailer-daemon|postmaster)@/.test(a),
    );
    if (fresh[0] !== undefined) {
      current = findingFor('text', fresh[0], line);
      findings.push(current);
      continue;
    }
    if (current !== null && current.diagnosis.length < maxDiagnosis) {
      current.diagnosis = `${current.diagnosis} ${line.trim()}`.trim();
    }
  }
  return findings.length > 0 ? findings : null;
}
