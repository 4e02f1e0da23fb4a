/**
 * Turns a digest row and the invitations it carries into mail. Like every message, its links are
 * minted here: one landing token per invitation (so each inviter's Accept, No thanks and Block work
 * on their own invitation), one stop link for the address.
 */
import type { CoreDeps } from '../core/deps.js';
import type { Invitation, Message } from '../core/model.js';
import type { OutgoingMail } from '../core/ports.js';
import type { DigestEntry } from '../mail/compose/digest-copy.js';
import { composeDigestMail } from '../mail/compose/digest-mail.js';
import type { MailSettings } from '../mail/compose/mail-settings.js';
import { mint } from './render-message.js';

export async function renderDigest(
  deps: CoreDeps,
  settings: MailSettings,
  message: Message,
  items: readonly Invitation[],
): Promise<OutgoingMail> {
  // Every item shares the suppression key; the earliest inviter's spelling of the address is used.
  const to = items.find((item) => item.recipientEmail)?.recipientEmail;
  if (!to) throw new Error(`digest ${message.id} has no address to send to`);
  const entries: DigestEntry[] = [];
  for (const item of items) {
    const inviter = await deps.store.getMember(item.inviterId);
    if (!inviter) throw new Error(`invitation ${item.id} has no inviter`);
    entries.push({
      inviter: { name: inviter.name, email: inviter.email },
      note: item.note,
      source: item.source,
      contactOrigin: item.contactOrigin ?? null,
      invitedAt: new Date(item.createdAt),
      expiresAt: new Date(item.expiresAt),
      landingToken: await mint(deps, message, 'invitation', { invitationId: item.id }),
    });
  }
  return composeDigestMail(
    {
      messageId: message.id,
      to,
      entries,
      cap: { messages: deps.rules.recipientCap, days: deps.rules.recipientWindowDays },
      tokens: {
        stop: await mint(deps, message, 'stop', { addressKey: message.toKey }),
        bounce: await mint(deps, message, 'bounce', { addressKey: message.toKey }),
      },
      date: deps.clock.now(),
    },
    settings,
  );
}
