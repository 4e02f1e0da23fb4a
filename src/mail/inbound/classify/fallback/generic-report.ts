/**
 * The generic reading of a non-delivery report in a layout no reader knows (see report-signals.ts
 * for when a message counts as one). It never answers "not a bounce": it reads RFC 3464 fields
 * wherever they stand (indented, quoted, after prose), else the recipients the report names (in
 * X-Failed-Recipients, in its own text, or as the returned original's To), else one report with no
 * recipient, which correlation ties to the message by its token or Message-ID. Each recipient's
 * diagnosis is what the text says about it, else the whole text; its codes and phrases then decide
 * the reason as for any other bounce, and a report that says nothing usable is a soft bounce with
 * reason `undefined`.
 */
import { emptyFinding, type Finding } from '../finding.js';
import { cleanAddress, findAddresses } from '../parse/addresses.js';
import { humanText, paragraphAbout } from '../parse/dsn-bounce.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { originalHeaders, splitAtCopy } from '../parse/original-message.js';
import { dsnFindings, parseDsn } from '../parse/parse-dsn.js';
import { clip } from '../patterns/text-match.js';

/** The agent name of generic findings: finalizeReport calls an undecided one `undefined`, not `onhold`. */
export const genericAgent = 'generic';

/** RFC 3464 fields anywhere in the text: indented, quoted with `>`, after other prose. */
function dsnAnywhere(text: string): Finding[] {
  const unquoted = text
    .split('\n')
    .map((line) => line.replace(/^[ \t>]{1,12}(?=[A-Za-z-]{2,40}[ \t]*:)/, ''))
    .join('\n');
  return dsnFindings(parseDsn(unquoted), genericAgent);
}

/** Addresses that are never a failed recipient: the report's own parties, our sender, mail systems. */
function excludedAddresses(view: MailView, original: Map<string, string[]>): Set<string> {
  const values = [
    first(view.headers, 'from'),
    first(view.headers, 'reply-to'),
    first(view.headers, 'sender'),
    ...(view.headers.get('to') ?? []),
    first(original, 'from'),
    first(original, 'return-path'),
    first(original, 'sender'),
    first(original, 'reply-to'),
  ];
  return new Set(values.map(cleanAddress).filter((a) => a !== ''));
}

const systemLocalPart = /^(mailer-daemon|postmaster|abuse|root|noreply|no-reply|hostmaster)@/;

/**
 * The recipients the report names: X-Failed-Recipients, else the addresses in its own text that the
 * returned original was sent to (or, with no original to compare with, every address it names that
 * is not one of the parties), else the original's To.
 */
function namedRecipients(view: MailView, own: string): string[] {
  const failed = (view.headers.get('x-failed-recipients') ?? [])
    .flatMap((value) => value.split(','))
    .map(cleanAddress)
    .filter((a) => a !== '');
  if (failed.length > 0) return [...new Set(failed)];
  const original = originalHeaders(view);
  const excluded = excludedAddresses(view, original);
  const inText = findAddresses(
    own
      .split('\n')
      .filter((line) => !pastedField.test(line.trim()) && !/message-id\s*:/i.test(line))
      .join('\n'),
  ).filter((a) => !excluded.has(a) && !systemLocalPart.test(a));
  const sentTo = ['to', 'cc'].flatMap((name) => (original.get(name) ?? []).flatMap((v) => findAddresses(v)));
  if (sentTo.length > 0) {
    const both = inText.filter((a) => sentTo.includes(a));
    return both.length > 0 ? both : sentTo.slice(0, 1);
  }
  return inText.slice(0, 10);
}

/**
 * What the text says about one recipient: all of it when the report names no other, else its
 * paragraph (by address, else by local part), else all of it.
 */
function diagnosisFor(own: string, recipient: string, only: boolean): string {
  if (only) return humanText(own);
  const about = paragraphAbout(own, recipient);
  if (about !== '') return about;
  const local = recipient.slice(0, recipient.indexOf('@'));
  const byLocal = local.length >= 3 ? paragraphAbout(own, local) : '';
  return byLocal !== '' ? byLocal : humanText(own);
}

const pastedField =
  /^(from|to|cc|subject|date|message-id|return-path|received|mime-version|x-kindly-message):/i;

/**
 * The report's own text: before the returned copy, found by a marker we know (splitAtCopy) or, under
 * a marker we do not know (any language), by its first two consecutive header lines.
 */
function ownText(text: string): string {
  const lines = splitAtCopy(text)[0].split('\n');
  const at = lines.findIndex((line, i) => pastedField.test(line) && pastedField.test(lines[i + 1] ?? ''));
  return at < 0 ? lines.join('\n') : lines.slice(0, at).join('\n');
}

/** The generic reading: at least one finding, for a message already known to be a delivery report. */
export function readGenericReport(view: MailView): Finding[] {
  const own = ownText(view.text);
  const fields = dsnAnywhere(`${view.deliveryStatus}\n\n${own}`);
  if (fields.length > 0) {
    for (const f of fields) {
      if (f.diagnosis === '') f.diagnosis = clip(diagnosisFor(own, f.recipient, fields.length === 1));
    }
    return fields;
  }
  const recipients = namedRecipients(view, own);
  const findings = (recipients.length > 0 ? recipients : ['']).map((recipient) => {
    const f = emptyFinding(genericAgent);
    f.recipient = recipient;
    f.diagnosis = clip(diagnosisFor(own, recipient, recipients.length <= 1));
    return f;
  });
  return findings;
}

/**
 * Fills in what a reader left empty: a finding with neither a diagnosis nor a status gets the text
 * the report writes about its recipient (a reader that recognised the layout but not where it puts
 * the reason must not leave the reason to nothing).
 */
export function completeFindings(view: MailView, findings: Finding[]): Finding[] {
  const [own] = splitAtCopy(view.text);
  for (const f of findings) {
    if (f.diagnosis !== '' || f.status !== '' || f.reason !== '' || f.recipient === '') continue;
    const about = paragraphAbout(own, f.recipient);
    if (about !== '') f.diagnosis = clip(about);
  }
  return findings;
}
