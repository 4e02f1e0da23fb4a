/**
 * Amazon SES notifications delivered by e-mail (SNS topic subscriptions): a JSON document with
 * notificationType Bounce, Complaint or Delivery, either bare or wrapped in an SNS envelope whose
 * "Message" is the JSON as a string. The original's headers travel in `mail.headers`; they become
 * the view's original so that correlation can use them.
 */

import { emptyFinding, type Finding, findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import type { MailView } from '../parse/mail-view.js';
import { findReplyCode, findStatus } from '../patterns/status-code.js';
import { squeeze } from '../patterns/text-match.js';
import type { MtaFamily } from './family.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The notification object, from a bare document or an SNS envelope. */
function notification(body: string): Json | null {
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start || end - start > 1_000_000) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(body.slice(start, end + 1).replace(/!\n /g, ''));
  } catch {
    return null;
  }
  if (isObject(doc) && typeof doc.Message === 'string') {
    try {
      doc = JSON.parse(doc.Message);
    } catch {
      return null;
    }
  }
  return isObject(doc) && typeof doc.notificationType === 'string' ? doc : null;
}

function originalHeadersOf(mail: unknown): string {
  if (!isObject(mail)) return '';
  const lines = list(mail.headers)
    .filter(isObject)
    .map((h) => `${text(h.name)}: ${text(h.value)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function bounceFindings(bounce: Json): Finding[] {
  return list(bounce.bouncedRecipients)
    .filter(isObject)
    .map((r) => {
      const f = emptyFinding('amazon-ses');
      f.recipient = cleanAddress(text(r.emailAddress));
      f.diagnosis = squeeze(text(r.diagnosticCode).replace(/^smtp;\s*/i, ''));
      f.command = findCommand(f.diagnosis);
      f.action = text(r.action);
      f.status = findStatus(text(r.status));
      f.replyCode = findReplyCode(f.diagnosis, f.status);
      return f;
    });
}

function complaintFindings(complaint: Json): Finding[] {
  return list(complaint.complainedRecipients)
    .filter(isObject)
    .map((r) => {
      const f = emptyFinding('amazon-ses');
      f.recipient = cleanAddress(text(r.emailAddress));
      f.reason = 'feedback';
      f.feedbackType = text(complaint.complaintFeedbackType).toLowerCase() || 'abuse';
      f.diagnosis = `feedback id ${text(complaint.feedbackId)} by ${text(complaint.userAgent)}`;
      return f;
    });
}

function deliveryFindings(delivery: Json): Finding[] {
  const response = text(delivery.smtpResponse);
  return list(delivery.recipients).map((r) => {
    const f = emptyFinding('amazon-ses');
    f.recipient = cleanAddress(text(r));
    f.reason = 'delivered';
    f.action = 'delivered';
    f.diagnosis = response;
    f.status = findStatus(response, '2');
    f.replyCode = findReplyCode(response, '2');
    return f;
  });
}

export const amazonSes: MtaFamily = {
  name: 'amazon-ses',
  parse(view: MailView) {
    if (!view.text.includes('notificationType')) return null;
    const body = view.text.split('\n\n--\n')[0] ?? '';
    const doc = notification(body);
    if (doc === null) return null;
    const type = doc.notificationType;
    const findings =
      type === 'Bounce' && isObject(doc.bounce)
        ? bounceFindings(doc.bounce)
        : type === 'Complaint' && isObject(doc.complaint)
          ? complaintFindings(doc.complaint)
          : type === 'Delivery' && isObject(doc.delivery)
            ? deliveryFindings(doc.delivery)
            : [];
    if (view.original === '') view.original = originalHeadersOf(doc.mail);
    const found = findings.filter((f) => f.recipient !== '');
    return found.length > 0 ? found : null;
  },
};
