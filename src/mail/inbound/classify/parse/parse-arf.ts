/**
 * Feedback reports: RFC 5965 ARF (with RFC 6591 authentication-failure fields), Microsoft's JMRP
 * (a message/rfc822 part carrying X-HmXmrOriginalRecipient, sent by staff@hotmail.com, or that
 * header on the top level of the returned message itself) and Apple
 * Mail's one-click unsubscribe message (X-Apple-Unsubscribe: true).
 *
 * The report fields are exposed with the names the mail-auth crate gives them (feedback_type,
 * original_rcpt_to…); values are as the report wrote them, lower-cased where ARF says they are
 * tokens. Not exposed: `message` (the whole returned message — its headers are in `original`).
 */

import { emptyFinding, type Finding } from '../finding.js';
import { squeeze } from '../patterns/text-match.js';
import { cleanAddress, isAddress } from './addresses.js';
import { first, parseHeaderBlock } from './header-block.js';
import type { MailView } from './mail-view.js';

export interface FeedbackReport {
  findings: Finding[];
  fields: Record<string, unknown>;
}

/** Report fields with their value exactly as written, folded lines kept (joined with LF). */
function rawFields(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const last = out[out.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      if (line.trim() !== '') last[1] = `${last[1]}\n${line.trimEnd()}`;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]*(.*)$/.exec(line);
    if (m !== null) out.push([(m[1] ?? '').toLowerCase(), (m[2] ?? '').trimEnd()]);
  }
  return out;
}

const singles = [
  'feedback-type',
  'user-agent',
  'original-envelope-id',
  'original-mail-from',
  'original-rcpt-to',
  'reporting-mta',
  'source-ip',
  'auth-failure',
  'delivery-result',
  'dkim-adsp-dns',
  'dkim-canonicalized-body',
  'dkim-canonicalized-header',
  'dkim-domain',
  'dkim-identity',
  'dkim-selector',
  'dkim-selector-dns',
  'spf-dns',
  'identity-alignment',
] as const;

const tokens = new Set(['feedback-type', 'auth-failure', 'delivery-result', 'identity-alignment']);

function unixSeconds(date: string): number | null {
  const ms = Date.parse(date.replace(/\([^()]{0,100}\)\s{0,10}$/, '').trim());
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function integer(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

/** The report fields, named as in the mail-auth crate. */
export function feedbackFields(report: string, returnedHeaders: string | null): Record<string, unknown> {
  const fields = rawFields(report);
  const one = (name: string) => fields.find(([n]) => n === name)?.[1];
  const all = (name: string) => fields.filter(([n]) => n === name).map(([, v]) => v);
  const out: Record<string, unknown> = {};
  for (const name of singles) {
    const value = one(name);
    out[name.replace(/-/g, '_')] =
      value === undefined ? null : tokens.has(name) ? value.toLowerCase() : value;
  }
  const source = out.source_ip;
  if (typeof source === 'string') out.source_ip = source.trim().split(/\s/)[0] ?? source;
  const reporting = out.reporting_mta;
  if (typeof reporting === 'string') out.reporting_mta = reporting.replace(/^[A-Za-z0-9-]{1,10};\s*/, '');
  const arrival = one('arrival-date') ?? one('received-date');
  out.arrival_date = arrival === undefined ? null : unixSeconds(arrival);
  out.authentication_results = all('authentication-results');
  out.reported_domain = all('reported-domain');
  out.reported_uri = all('reported-uri');
  out.incidents = integer(one('incidents'), 1);
  out.version = integer(one('version'), 1);
  out.source_port = integer(one('source-port'), 0);
  out.headers = returnedHeaders;
  return out;
}

/** Whether a message is a feedback report of one of the kinds above. */
export function isFeedbackReport(view: MailView): boolean {
  if (view.feedbackReport !== '') return true;
  if (/report-type="?feedback-report/.test(view.contentType)) return true;
  const from = (view.headers.get('from')?.[0] ?? '').toLowerCase();
  if (
    view.subject.toLowerCase().includes('complaint about message from') &&
    from.includes('staff@hotmail.com')
  ) {
    return true;
  }
  if (isInlineJmrp(view)) return true;
  return first(view.headers, 'x-apple-unsubscribe').toLowerCase() === 'true';
}

/**
 * Microsoft's JMRP as some Hotmail/Outlook.com feedback loops send it: no report part at all, the
 * complained-about message itself with `X-HmXmrOriginalRecipient` added to its top-level headers.
 */
export function isInlineJmrp(view: MailView): boolean {
  return view.original === '' && first(view.headers, 'x-hmxmroriginalrecipient') !== '';
}

/** Reads a feedback report; null when the message is none. */
export function parseArf(view: MailView): FeedbackReport | null {
  if (!isFeedbackReport(view)) return null;
  const original = parseHeaderBlock(view.original);
  const fields = rawFields(view.feedbackReport);
  const feedbackType = (fields.find(([n]) => n === 'feedback-type')?.[1] ?? '').trim().toLowerCase();
  const recipients: string[] = [];
  for (const [name, value] of fields) {
    if (name !== 'original-rcpt-to' && name !== 'removal-recipient') continue;
    const address = cleanAddress(value);
    if (address !== '' && !recipients.includes(address)) recipients.push(address);
  }
  let type = feedbackType || 'abuse';
  if (recipients.length === 0) {
    const apple = first(view.headers, 'x-apple-unsubscribe').toLowerCase() === 'true';
    const candidate = apple
      ? cleanAddress(first(view.headers, 'from'))
      : isInlineJmrp(view)
        ? cleanAddress(first(view.headers, 'x-hmxmroriginalrecipient'))
        : cleanAddress(first(original, 'x-hmxmroriginalrecipient')) || cleanAddress(first(original, 'to'));
    if (apple) type = 'opt-out';
    recipients.push(isAddress(candidate) ? candidate : '');
  }
  const sourceIp = (fields.find(([n]) => n === 'source-ip')?.[1] ?? '').trim().split(/\s/)[0] ?? '';
  const diagnosis = squeeze(view.text.split('\n').slice(0, 12).join(' ')).slice(0, 500);
  const findings = recipients.map((recipient) => {
    const f = emptyFinding('arf');
    f.recipient = recipient;
    f.reason = 'feedback';
    f.feedbackType = type;
    f.rhost = sourceIp.trim();
    f.diagnosis = diagnosis;
    return f;
  });
  const returned = view.originalIsHeaders ? `${view.original.trimEnd()}\n` : null;
  const fieldsOut = feedbackFields(view.feedbackReport, returned);
  if (fieldsOut.feedback_type === null) fieldsOut.feedback_type = type;
  return { findings, fields: fieldsOut };
}
