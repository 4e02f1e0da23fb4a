/**
 * One claimed message, from the last suppression check to the recorded result. The check sits
 * right before the hand-off to SMTP, so an opt-out committed while the message waited in the queue
 * still stops it.
 */
import { recordEvent } from '../core/audit.js';
import { DeliveryError } from '../core/delivery-error.js';
import type { CoreDeps } from '../core/deps.js';
import type { Message } from '../core/model.js';
import type { Logger, Mailer, OutgoingMail } from '../core/ports.js';
import { nextRetryDelay, type RetryPolicy } from '../core/retry-policy.js';
import { applySuppression } from '../core/suppress.js';
import type { MailSettings } from '../mail/compose/mail-settings.js';
import { renderConfirmation, renderInvitation } from './render-message.js';

export interface DeliveryDeps extends CoreDeps {
  mailer: Mailer;
  mail: MailSettings;
  retry: RetryPolicy;
  logger: Logger;
}

export type DeliveryOutcome = 'sent' | 'suppressed' | 'cancelled' | 'retry' | 'failed';

export async function deliverMessage(deps: DeliveryDeps, message: Message): Promise<DeliveryOutcome> {
  const { store } = deps;
  const invitation = message.invitationId ? await store.getInvitation(message.invitationId) : undefined;
  if (message.invitationId && invitation?.state !== 'pending') {
    await store.updateMessage(message.id, { state: 'cancelled', leaseUntil: null });
    return 'cancelled';
  }
  if ((await store.findSuppressions(message.toKey, message.inviterId ?? undefined)).length > 0) {
    await store.transaction(async (tx) => {
      await tx.updateMessage(message.id, { state: 'suppressed', leaseUntil: null });
      if (!invitation) return;
      const now = deps.clock.now();
      if (
        await tx.moveInvitation(invitation.id, 'pending', 'undeliverable', now.toISOString(), {
          delivery: 'failed',
        })
      ) {
        await recordEvent(tx, deps.ids, now, {
          actor: 'worker',
          action: 'invitation.undeliverable',
          subjectType: 'invitation',
          subjectId: invitation.id,
          data: { cause: 'suppressed-at-send' },
        });
      }
    });
    return 'suppressed';
  }

  let mail: OutgoingMail;
  if (invitation) {
    const inviter = await store.getMember(invitation.inviterId);
    if (!inviter) throw new Error(`invitation ${invitation.id} has no inviter`);
    mail = await renderInvitation(deps, deps.mail, message, invitation, inviter);
  } else {
    mail = await renderConfirmation(deps, deps.mail, message);
  }

  try {
    const result = await deps.mailer.send(mail);
    await store.transaction(async (tx) => {
      const at = deps.clock.now();
      await tx.updateMessage(message.id, {
        state: 'sent',
        sentAt: at.toISOString(),
        leaseUntil: null,
        lastError: null,
      });
      if (invitation) await tx.setInvitationDelivery(invitation.id, 'sent');
      await recordEvent(tx, deps.ids, at, {
        actor: 'worker',
        action: 'message.sent',
        subjectType: 'message',
        subjectId: message.id,
        data: { kind: message.kind, response: result.response.slice(0, 200) },
      });
    });
    return 'sent';
  } catch (error) {
    return recordFailure(deps, message, error instanceof DeliveryError ? error : asUnknown(error));
  }
}

function asUnknown(error: unknown): DeliveryError {
  return new DeliveryError('EUNKNOWN', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

async function recordFailure(
  deps: DeliveryDeps,
  message: Message,
  error: DeliveryError,
): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const lastError = `${error.code}: ${error.message}`.slice(0, 500);
  const delay = error.permanent
    ? null
    : nextRetryDelay(deps.retry, message.attempts, now.getTime() - Date.parse(message.createdAt));
  deps.logger.warn(
    { messageId: message.id, code: error.code, attempts: message.attempts, delay },
    'delivery failed',
  );
  if (delay !== null) {
    await deps.store.updateMessage(message.id, {
      dueAt: new Date(now.getTime() + delay).toISOString(),
      leaseUntil: null,
      lastError,
    });
    return 'retry';
  }
  await deps.store.durableTransaction(async (tx) => {
    await tx.updateMessage(message.id, { state: 'failed', leaseUntil: null, lastError });
    if (error.code === 'ENOMAILBOX') {
      await applySuppression(deps, tx, {
        key: message.toKey,
        scope: 'global',
        reason: 'hard-bounce',
        source: 'smtp',
        actor: 'worker',
      });
    }
    if (message.invitationId) await tx.setInvitationDelivery(message.invitationId, 'failed');
  });
  return 'failed';
}
