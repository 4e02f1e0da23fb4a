/**
 * Turns an outbox row into mail. Links are minted here, at send time, so the database only ever
 * holds their hashes and each message carries its own tokens.
 */
import type { CoreDeps } from '../core/deps.js';
import type { Invitation, Member, Message, TokenPurpose } from '../core/model.js';
import type { OutgoingMail } from '../core/ports.js';
import { reminderNumber } from '../core/reminders.js';
import { reminderDates } from '../core/rules.js';
import { hashToken } from '../core/tokens.js';
import { composeConfirmationMail } from '../mail/compose/confirmation-mail.js';
import { composeInvitationMail } from '../mail/compose/invitation-mail.js';
import type { MailSettings } from '../mail/compose/mail-settings.js';
import { composeResumeLinkMail } from '../mail/compose/resume-link-mail.js';

export async function mint(
  deps: CoreDeps,
  message: Message,
  purpose: TokenPurpose,
  scope: { invitationId?: string; addressKey?: string },
): Promise<string> {
  const token = deps.ids.token();
  await deps.store.insertToken({
    hash: hashToken(token),
    purpose,
    invitationId: scope.invitationId ?? null,
    addressKey: scope.addressKey ?? null,
    messageId: message.id,
    createdAt: deps.clock.now().toISOString(),
  });
  return token;
}

export async function renderInvitation(
  deps: CoreDeps,
  settings: MailSettings,
  message: Message,
  invitation: Invitation,
  inviter: Member,
): Promise<OutgoingMail> {
  if (!message.toEmail) throw new Error(`message ${message.id} has no address to send to`);
  const invitedAt = new Date(invitation.createdAt);
  const tokens = {
    landing: await mint(deps, message, 'invitation', { invitationId: invitation.id }),
    stop: await mint(deps, message, 'stop', { addressKey: message.toKey }),
    bounce: await mint(deps, message, 'bounce', { invitationId: invitation.id, addressKey: message.toKey }),
  };
  return composeInvitationMail(
    {
      messageId: message.id,
      kind: message.kind === 'reminder' ? 'reminder' : 'invitation',
      ...(message.kind === 'reminder' ? { reminderNumber: await reminderNumber(deps.store, message) } : {}),
      to: message.toEmail,
      inviter: { name: inviter.name, email: inviter.email, allowReplyTo: inviter.allowReplyTo },
      note: invitation.note,
      source: invitation.source,
      contactOrigin: invitation.contactOrigin ?? null,
      invitedAt,
      expiresAt: new Date(invitation.expiresAt),
      remindersPlanned: invitation.remindersPlanned,
      reminderDates: reminderDates(invitedAt, invitation.remindersPlanned, deps.rules),
      tokens,
      date: deps.clock.now(),
    },
    settings,
  );
}

/**
 * Mail about an address rather than an invitation, carrying one link: the do-not-contact confirmation,
 * or the resume link its recipient asked for (which works for 15 minutes from now, once).
 */
export async function renderAddressMail(
  deps: CoreDeps,
  settings: MailSettings,
  message: Message,
): Promise<OutgoingMail> {
  if (!message.toEmail) throw new Error(`message ${message.id} has no address to send to`);
  const scope = { addressKey: message.toKey };
  const bounce = await mint(deps, message, 'bounce', scope);
  const common = { messageId: message.id, to: message.toEmail, date: deps.clock.now() };
  if (message.kind === 'resume') {
    const resume = await mint(deps, message, 'resume', scope);
    return composeResumeLinkMail({ ...common, tokens: { resume, bounce } }, settings);
  }
  const confirm = await mint(deps, message, 'dnc-confirm', scope);
  return composeConfirmationMail({ ...common, tokens: { confirm, bounce } }, settings);
}
