/**
 * Postmark webhooks (Bounce, SpamComplaint, SubscriptionChange, Delivery…): one JSON record per
 * request. Postmark signs nothing, so the request must carry the shared secret
 * (`KINDLY_POSTMARK_WEBHOOK_SECRET`), either as the password of HTTP Basic auth
 * (`https://kindly:<secret>@host/webhooks/postmark`) or in a custom header Postmark is told to send,
 * `X-Kindly-Webhook-Secret`. It is compared in constant time.
 *
 * Authentic is not enough: each event must also name one of our messages, by the `kindly-message`
 * metadata every message carries (`X-PM-Metadata-kindly-message`, handed back as `Metadata` on
 * Bounce, SpamComplaint, SubscriptionChange and Delivery records) or by the headers in a bounce's
 * `Content`. An event that names only an address (a suppression added in Postmark's own UI, say)
 * changes nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundCategory } from '../../../core/inbound-events.js';
import { postmarkMessageKey } from '../../compose/common-headers.js';
import type { InboundReport } from '../inbound-report.js';
import { asRecord, forged, stringOr, unsigned, type Verdict, verified } from './webhook-verdict.js';

export const postmarkSecretHeader = 'x-kindly-webhook-secret';

/** Equal length digests, so neither the comparison nor a length check tells how close a guess was. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function basicPassword(authorization: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export function verifyPostmark(
  headers: { authorization?: string | undefined; secret?: string | undefined },
  secret: string,
): Verdict {
  const given = headers.secret ?? basicPassword(headers.authorization);
  if (given === null || given === undefined) return unsigned('The request carries no webhook secret.');
  return sameSecret(given, secret) ? verified : forged('The webhook secret does not match.');
}

/** Postmark's bounce types: the permanent ones suppress, the transient ones are counted. */
const bounceTypes: Record<string, InboundCategory> = {
  HardBounce: 'hard',
  BadEmailAddress: 'hard',
  ManuallyDeactivated: 'hard',
  SoftBounce: 'soft',
  Transient: 'soft',
  DnsError: 'soft',
  Blocked: 'soft',
  SpamNotification: 'soft',
  VirusNotification: 'soft',
  DMARCPolicy: 'soft',
  SpamComplaint: 'complaint',
  Unsubscribe: 'unsubscribe',
  AutoResponder: 'auto-reply',
};

/** The raw bounce, when Postmark includes it, still holds the headers we sent. */
function headerInDump(content: string | null, name: string): string | null {
  if (!content) return null;
  const match = new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(content);
  return match?.[1]?.trim() ?? null;
}

export function parsePostmark(body: unknown): InboundReport[] {
  const record = asRecord(body, 'the Postmark webhook');
  const metadata = typeof record.Metadata === 'object' && record.Metadata ? record.Metadata : {};
  const content = stringOr(record.Content);
  const hints = {
    kindlyMessageId:
      stringOr((metadata as Record<string, unknown>)[postmarkMessageKey]) ??
      headerInDump(content, 'X-Kindly-Message'),
    messageId: headerInDump(content, 'Message-ID'),
  };
  switch (record.RecordType) {
    case 'Bounce':
    case 'SpamComplaint': {
      const type = stringOr(record.Type) ?? String(record.RecordType);
      const category = bounceTypes[type] ?? 'not-a-bounce';
      return [
        {
          category,
          reason: `postmark:${type}`,
          feedbackType: category === 'complaint' ? 'abuse' : null,
          hints: { ...hints, recipient: stringOr(record.Email) },
        },
      ];
    }
    case 'SubscriptionChange':
      return subscriptionChange(record, hints);
    case 'Delivery':
      return [
        {
          category: 'delivered',
          reason: 'delivered',
          hints: { ...hints, recipient: stringOr(record.Recipient) },
        },
      ];
    default:
      return [];
  }
}

/**
 * Postmark's own suppression list changed. Reactivations are not ours to follow (Kindly lifts
 * nothing on a provider's word); a new suppression is applied with its reason.
 */
function subscriptionChange(
  record: Record<string, unknown>,
  hints: { kindlyMessageId: string | null; messageId: string | null },
): InboundReport[] {
  if (record.SuppressSending !== true) return [];
  const reason = stringOr(record.SuppressionReason);
  const category: InboundCategory =
    reason === 'HardBounce' ? 'hard' : reason === 'SpamComplaint' ? 'complaint' : 'unsubscribe';
  return [
    {
      category,
      reason: `postmark:${reason ?? 'unknown'}`,
      feedbackType: category === 'complaint' ? 'abuse' : null,
      hints: { ...hints, recipient: stringOr(record.Recipient) },
    },
  ];
}
