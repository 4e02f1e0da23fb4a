/**
 * Amazon SES bounce, complaint and delivery notifications (the SNS `Message`, itself JSON), for
 * topics fed by identity notifications (`notificationType`) or by a configuration set's event
 * publishing (`eventType`). SES rewrites Message-ID on the way out, but keeps the headers we sent
 * in `mail.headers` when the identity includes them, and the envelope sender (our VERP return
 * path) in `mail.source`: either ties a notification to our message; its recipients alone do not.
 */
import type { InboundCategory } from '../../../core/inbound-events.js';
import { verpTokenInAddress } from '../inbound-address.js';
import type { CorrelationHints, InboundReport } from '../inbound-report.js';
import { asRecord, PayloadError, stringOr } from './webhook-verdict.js';

export function parseSesNotification(message: string): InboundReport[] {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    throw new PayloadError('the SNS Message is not SES JSON');
  }
  const notification = asRecord(body, 'the SES notification');
  const type = stringOr(notification.notificationType) ?? stringOr(notification.eventType);
  const mail = asRecord(notification.mail ?? {}, 'mail');
  const base = mailHints(mail);
  switch (type) {
    case 'Bounce':
      return bounceReports(asRecord(notification.bounce, 'bounce'), base);
    case 'Complaint':
      return complaintReports(asRecord(notification.complaint, 'complaint'), base);
    case 'Delivery':
      return recipients(asRecord(notification.delivery ?? {}, 'delivery').recipients).map((recipient) => ({
        category: 'delivered',
        reason: 'delivered',
        hints: { ...base, recipient },
      }));
    default:
      // Send, Reject, Open, Click, DeliveryDelay…: nothing the suppression rules act on.
      return [];
  }
}

function mailHints(mail: Record<string, unknown>): Omit<CorrelationHints, 'recipient'> {
  const headers = Array.isArray(mail.headers) ? mail.headers : [];
  const header = (name: string): string | null => {
    for (const entry of headers) {
      const h = asRecord(entry, 'header');
      if (stringOr(h.name)?.toLowerCase() === name) return stringOr(h.value);
    }
    return null;
  };
  const common = typeof mail.commonHeaders === 'object' && mail.commonHeaders ? mail.commonHeaders : {};
  return {
    verpTokens: [verpTokenInAddress(stringOr(mail.source))],
    messageId: header('message-id') ?? stringOr((common as Record<string, unknown>).messageId),
    kindlyMessageId: header('x-kindly-message'),
  };
}

function recipients(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Permanent → hard (SES's own suppression-list bounces included); Transient and Undetermined →
 * soft, counted toward the 3-in-7-days rule rather than trusted to suppress on their own.
 */
function bounceReports(
  bounce: Record<string, unknown>,
  base: Omit<CorrelationHints, 'recipient'>,
): InboundReport[] {
  const category: InboundCategory = bounce.bounceType === 'Permanent' ? 'hard' : 'soft';
  const list = Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : [];
  return list.map((entry) => {
    const r = asRecord(entry, 'bounced recipient');
    return {
      category,
      status: stringOr(r.status),
      replyCode: /\b([245]\d\d)\b/.exec(stringOr(r.diagnosticCode) ?? '')?.[1] ?? null,
      reason: `ses:${stringOr(bounce.bounceType) ?? 'unknown'}/${stringOr(bounce.bounceSubType) ?? 'unknown'}`,
      hints: { ...base, recipient: stringOr(r.emailAddress) },
    };
  });
}

function complaintReports(
  complaint: Record<string, unknown>,
  base: Omit<CorrelationHints, 'recipient'>,
): InboundReport[] {
  const list = Array.isArray(complaint.complainedRecipients) ? complaint.complainedRecipients : [];
  return list.map((entry) => ({
    category: 'complaint',
    reason: 'feedback',
    feedbackType: stringOr(complaint.complaintFeedbackType),
    hints: { ...base, recipient: stringOr(asRecord(entry, 'complained recipient').emailAddress) },
  }));
}
