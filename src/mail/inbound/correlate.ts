/**
 * Which of our messages, and so which address, a report is about. Strongest evidence first:
 *
 * 1. the VERP token (`bounce+<token>@`): minted for one message and seen only by the receiving MTA;
 * 2. the original's `Message-ID` (`<outboxId@bounce domain>`) or `X-Kindly-Message` (the outbox id),
 *    which survive in the headers a DSN or ARF report attaches even when the recipient is redacted;
 * 3. the Final-Recipient / Original-Rcpt-To address.
 *
 * The last is the only one anybody can write without having received our mail, so a report that
 * names nothing but an address is believed only for an address Kindly has mailed recently: a forged
 * DSN cannot suppress an arbitrary stranger, and a redaction placeholder such as
 * `redacted@redacted` never becomes a suppression of its own.
 */
import type { CoreDeps } from '../../core/deps.js';
import type { InboundTarget } from '../../core/inbound-events.js';
import { messageKinds } from '../../core/model.js';
import { dayMs } from '../../core/rules.js';
import { hashToken, looksLikeToken } from '../../core/tokens.js';
import type { CorrelationHints } from './inbound-report.js';

/** Bounces come within days, complaints within weeks; older mail is not what a report is about. */
export const recipientLookbackDays = 90;

export async function correlate(core: CoreDeps, hints: CorrelationHints): Promise<InboundTarget | null> {
  return (
    (await byVerpToken(core, hints.verpToken)) ??
    (await byOutboxId(core, outboxIdOfMessageId(hints.messageId), 'message-id')) ??
    (await byOutboxId(core, cleanOutboxId(hints.kindlyMessageId), 'x-kindly-message')) ??
    (await byRecipient(core, hints.recipient))
  );
}

async function byVerpToken(core: CoreDeps, token: string | null | undefined): Promise<InboundTarget | null> {
  if (!token || !looksLikeToken(token)) return null;
  const record = await core.store.findToken(hashToken(token), 'bounce');
  if (!record?.addressKey) return null;
  return {
    addressKey: record.addressKey,
    invitationId: record.invitationId,
    messageId: record.messageId,
    via: 'verp',
  };
}

/** `<msg_abc@kindly.example>` → `msg_abc`; anything that cannot be one of our ids → null. */
export function outboxIdOfMessageId(messageId: string | null | undefined): string | null {
  const bare = messageId?.trim().replace(/^<|>$/g, '');
  const at = bare?.lastIndexOf('@') ?? -1;
  return at > 0 ? cleanOutboxId(bare?.slice(0, at)) : null;
}

function cleanOutboxId(id: string | null | undefined): string | null {
  const trimmed = id?.trim();
  return trimmed && /^[A-Za-z0-9_.-]{1,200}$/.test(trimmed) ? trimmed : null;
}

async function byOutboxId(core: CoreDeps, id: string | null, via: string): Promise<InboundTarget | null> {
  if (!id) return null;
  const message = await core.store.getMessage(id);
  if (!message) return null;
  return { addressKey: message.toKey, invitationId: message.invitationId, messageId: message.id, via };
}

async function byRecipient(
  core: CoreDeps,
  recipient: string | null | undefined,
): Promise<InboundTarget | null> {
  const address = recipient?.trim().replace(/^<|>$/g, '');
  if (!address) return null;
  let key: string;
  try {
    key = core.keyOf(address);
  } catch {
    return null; // not a mailbox: a placeholder, a redaction, garbage
  }
  const since = new Date(core.clock.now().getTime() - recipientLookbackDays * dayMs).toISOString();
  if ((await core.store.countMessagesTo(key, messageKinds, since)) === 0) return null;
  return { addressKey: key, invitationId: null, messageId: null, via: 'recipient' };
}
