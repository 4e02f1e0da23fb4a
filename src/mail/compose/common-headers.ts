import type { MessageKind } from '../../core/model.js';
import { assertMessageId, assertToken } from './header-safe.js';
import type { MailSettings } from './mail-settings.js';

/** `Feedback-ID` wants a short stable token, so the brand becomes lower-case letters, digits and dashes. */
export function brandSlug(brand: string): string {
  const slug = brand
    .normalize('NFKD')
    // NFKD splits é into e and a combining accent; dropping the accents keeps the letters.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'kindly';
}

/** Postmark metadata key, read back by `mail/inbound/providers/postmark.ts`. */
export const postmarkMessageKey = 'kindly-message';
const postmarkMetadataHeader = `X-PM-Metadata-${postmarkMessageKey}`;
/** SendGrid unique argument, read back by `mail/inbound/providers/sendgrid.ts`. */
export const sendgridMessageArg = 'kindly_message';

export interface CommonParts {
  messageId: string;
  envelopeFrom: string;
  headers: Record<string, string>;
}

/**
 * What every message carries whatever its kind: our own Message-ID, the VERP envelope sender that
 * lets a bounce name its message, and the headers that keep auto-responders and feedback loops
 * pointed at the right thing.
 *
 * The outbox id also rides in the two headers sending providers turn into per-message data that
 * their webhooks hand back, since their complaint and unsubscribe events carry neither our
 * Message-ID nor the envelope sender: Postmark's `X-PM-Metadata-<key>` (its webhooks' `Metadata`)
 * and SendGrid's `X-SMTPAPI` `unique_args` (keys of each Event Webhook event). A webhook event is
 * believed only when it names one of our messages this way (`mail/inbound/correlate.ts`). Both are
 * always set, so a worker whose environment lacks the webhook settings still tags its mail; each
 * provider consumes its own header, and any other relay passes on nothing X-Kindly-Message does not
 * already show.
 */
export function commonParts(
  kind: MessageKind,
  outboxId: string,
  bounceToken: string,
  settings: MailSettings,
): CommonParts {
  const id = assertMessageId(outboxId);
  return {
    messageId: `${id}@${settings.bounceDomain}`,
    envelopeFrom: `bounce+${assertToken(bounceToken, 'bounce token')}@${settings.bounceDomain}`,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'Feedback-ID': `${kind}:${brandSlug(settings.brand)}`,
      'X-Kindly-Kind': kind,
      'X-Kindly-Message': id,
      [postmarkMetadataHeader]: id,
      'X-SMTPAPI': JSON.stringify({ unique_args: { [sendgridMessageArg]: id } }),
    },
  };
}
