/**
 * SendGrid's Event Webhook: a JSON array of events per request, signed when "Signed Event Webhook
 * Requests" is on. The signature is ECDSA P-256 over SHA-256 of the timestamp header followed by the
 * raw body, base64 DER in `X-Twilio-Email-Event-Webhook-Signature`; the verification key is the
 * base64 DER public key SendGrid shows (`KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY`). A timestamp far from
 * now is refused, so a captured request cannot be replayed later.
 *
 * Each event must also name one of our messages: by the `kindly_message` unique argument every
 * message carries (`X-SMTPAPI`), which SendGrid copies into every event, or by `smtp-id` (our
 * Message-ID, on delivery events). An event that names only an address changes nothing.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { InboundCategory } from '../../../core/inbound-events.js';
import { sendgridMessageArg } from '../../compose/common-headers.js';
import type { InboundReport } from '../inbound-report.js';
import {
  asRecord,
  forged,
  PayloadError,
  stringOr,
  unsigned,
  type Verdict,
  verified,
} from './webhook-verdict.js';

export const sendgridSignatureHeader = 'x-twilio-email-event-webhook-signature';
export const sendgridTimestampHeader = 'x-twilio-email-event-webhook-timestamp';

/** SendGrid gives no window; ten minutes covers clock skew and slow delivery, not a later replay. */
export const sendgridMaxSkewSeconds = 600;

/** The key from SendGrid's settings page: base64 DER SubjectPublicKeyInfo, P-256. Throws otherwise. */
export function parseSendgridPublicKey(base64Der: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64Der.trim(), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('not an ECDSA P-256 public key');
  }
  return key;
}

export function verifySendgrid(
  request: { signature?: string | undefined; timestamp?: string | undefined; rawBody: string },
  publicKey: KeyObject,
  now: Date,
): Verdict {
  if (!request.signature || !request.timestamp) return unsigned('The request carries no SendGrid signature.');
  if (!/^\d{1,12}$/.test(request.timestamp)) return forged('The signature timestamp is not a Unix time.');
  if (Math.abs(now.getTime() / 1000 - Number(request.timestamp)) > sendgridMaxSkewSeconds) {
    return forged('The signature timestamp is too far from now.');
  }
  let genuine = false;
  try {
    genuine = verify(
      'sha256',
      Buffer.from(request.timestamp + request.rawBody, 'utf8'),
      { key: publicKey, dsaEncoding: 'der' },
      Buffer.from(request.signature, 'base64'),
    );
  } catch {
    genuine = false;
  }
  return genuine ? verified : forged('The SendGrid signature does not verify.');
}

/**
 * `bounce` with type `bounce` is permanent, `blocked` (or an old event with a 4xx status) is not;
 * `dropped` means SendGrid did not even try, because of its own suppression lists, whose reason we
 * adopt; `deferred` is a delay, not a bounce.
 */
function categoryOf(event: Record<string, unknown>): InboundCategory {
  switch (event.event) {
    case 'bounce':
      if (event.type === 'blocked') return 'soft';
      if (event.type === 'bounce') return 'hard';
      return String(event.status ?? '').startsWith('5') ? 'hard' : 'soft';
    case 'dropped': {
      const reason = String(event.reason ?? '');
      if (/^Bounced Address/i.test(reason)) return 'hard';
      if (/^Spam Reporting Address/i.test(reason)) return 'complaint';
      if (/^Unsubscribed Address/i.test(reason)) return 'unsubscribe';
      return 'not-a-bounce';
    }
    case 'spamreport':
      return 'complaint';
    case 'unsubscribe':
    case 'group_unsubscribe':
      return 'unsubscribe';
    case 'delivered':
      return 'delivered';
    default:
      return 'not-a-bounce';
  }
}

export function parseSendgrid(body: unknown): InboundReport[] {
  if (!Array.isArray(body)) throw new PayloadError('the SendGrid webhook is not a JSON array of events');
  return body.flatMap((entry): InboundReport[] => {
    const event = asRecord(entry, 'a SendGrid event');
    const category = categoryOf(event);
    // Opens, clicks, deferrals and the like are neither ours to act on nor to audit.
    if (category === 'not-a-bounce') return [];
    return [
      {
        category,
        status: stringOr(event.status),
        replyCode: /\b([245]\d\d)\b/.exec(stringOr(event.reason) ?? '')?.[1] ?? null,
        reason: `sendgrid:${String(event.event)}${event.type ? `/${String(event.type)}` : ''}`,
        feedbackType: category === 'complaint' ? 'abuse' : null,
        hints: {
          recipient: stringOr(event.email),
          messageId: stringOr(event['smtp-id']),
          kindlyMessageId: stringOr(event[sendgridMessageArg]),
        },
      },
    ];
  });
}
