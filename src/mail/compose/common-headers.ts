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

export interface CommonParts {
  messageId: string;
  envelopeFrom: string;
  headers: Record<string, string>;
}

/**
 * What every message carries whatever its kind: our own Message-ID, the VERP envelope sender that
 * lets a bounce name its message, and the headers that keep auto-responders and feedback loops
 * pointed at the right thing.
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
    },
  };
}
