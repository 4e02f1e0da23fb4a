/**
 * One claimed message, from the last suppression check to the recorded result. The check sits
 * right before the hand-off to SMTP, in the same statement that marks the hand-off, so an opt-out
 * committed while the message waited in the queue (or while it was being rendered) still stops it.
 */
import { recordEvent } from '../core/audit.js';
import { admitCappedMessage, recordCappedSend } from '../core/cap-gate.js';
import { closeUndeliverable } from '../core/close-undeliverable.js';
import { DeliveryError } from '../core/delivery-error.js';
import type { CoreDeps } from '../core/deps.js';
import type { Message } from '../core/model.js';
import type { Logger, Mailer, OutgoingMail, SendResult } from '../core/ports.js';
import { nextRetryDelay, type RetryPolicy } from '../core/retry-policy.js';
import { applySuppression } from '../core/suppress.js';
import type { MailSettings } from '../mail/compose/mail-settings.js';
import { renderDigest } from './render-digest.js';
import { renderAddressMail, renderInvitation } from './render-message.js';
import { retryWrite } from './retry-write.js';

export interface DeliveryDeps extends CoreDeps {
  mailer: Mailer;
  mail: MailSettings;
  retry: RetryPolicy;
  logger: Logger;
}

/**
 * 'lost': the lease went to another worker (this one was too slow), which now owns the message.
 * 'deferred' and 'skipped': the recipient's cap held an invitation (or digest) back, or skipped a reminder.
 */
export type DeliveryOutcome =
  | 'sent'
  | 'suppressed'
  | 'cancelled'
  | 'retry'
  | 'failed'
  | 'lost'
  | 'deferred'
  | 'skipped';

/** The message's lease as the worker claimed it; the hand-off extends it by `leaseMs`. */
export interface DeliveryLease {
  leaseMs: number;
}

export async function deliverMessage(
  deps: DeliveryDeps,
  message: Message,
  lease: DeliveryLease = { leaseMs: 5 * 60_000 },
): Promise<DeliveryOutcome> {
  const { store } = deps;
  // Claims count attempts, also those whose worker died: this bounds even a message that keeps
  // crashing its worker, which never reaches `recordFailure`.
  if (message.attempts > deps.retry.maxAttempts) {
    return recordFailure(deps, message, new DeliveryError('EUNKNOWN', 'too many attempts'));
  }
  const invitation = message.invitationId ? await store.getInvitation(message.invitationId) : undefined;
  if (message.invitationId && invitation?.state !== 'pending') {
    await store.updateMessage(message.id, { state: 'cancelled', leaseUntil: null });
    return 'cancelled';
  }
  // The recipient's cap, under the address's gate: it may defer, skip or reschedule instead.
  const admission = await admitCappedMessage(deps, message, invitation);
  if (admission.outcome !== 'pass') return admission.outcome;

  let mail: OutgoingMail;
  if (message.kind === 'digest') {
    mail = await renderDigest(deps, deps.mail, message, admission.items);
  } else if (invitation) {
    const inviter = await store.getMember(invitation.inviterId);
    if (!inviter) throw new Error(`invitation ${invitation.id} has no inviter`);
    mail = await renderInvitation(deps, deps.mail, message, invitation, inviter);
  } else {
    mail = await renderAddressMail(deps, deps.mail, message);
  }

  const begins = deps.clock.now();
  const handoff = message.leaseUntil
    ? await store.handOffMessage(
        message.id,
        message.leaseUntil,
        begins.toISOString(),
        new Date(begins.getTime() + lease.leaseMs).toISOString(),
      )
    : 'lost';
  if (handoff === 'cancelled' || handoff === 'lost') return handoff;
  if (handoff === 'suppressed') {
    // Invitation before message, here and below: the order a recipient's stop locks them in.
    await store.transaction(async (tx) => {
      if (invitation) {
        await closeUndeliverable(deps, tx, invitation.id, { actor: 'worker', cause: 'suppressed-at-send' });
      }
      await tx.updateMessage(message.id, { state: 'suppressed', leaseUntil: null });
    });
    return 'suppressed';
  }

  let result: SendResult;
  try {
    result = await deps.mailer.send(mail);
  } catch (error) {
    const carried = admission.items.map((item) => item.id);
    return recordFailure(deps, message, error instanceof DeliveryError ? error : asUnknown(error), carried);
  }
  // The peer has the message now: waiting out a database blip here is what keeps it from going twice.
  const record = () =>
    store.transaction(async (tx) => {
      const at = deps.clock.now();
      if (invitation) await tx.setInvitationDelivery(invitation.id, 'sent');
      await tx.updateMessage(message.id, {
        state: 'sent',
        sentAt: at.toISOString(),
        leaseUntil: null,
        lastError: null,
      });
      await recordCappedSend(deps, tx, message, admission.items, at);
      await recordEvent(tx, deps.ids, at, {
        actor: 'worker',
        action: 'message.sent',
        subjectType: 'message',
        subjectId: message.id,
        data: { kind: message.kind, response: result.response.slice(0, 200) },
      });
    });
  await retryWrite(record, {
    budgetMs: lease.leaseMs / 2,
    onRetry: (error, attempt) =>
      deps.logger.warn({ err: error, messageId: message.id, attempt }, 'recording a sent message failed'),
  });
  return 'sent';
}

function asUnknown(error: unknown): DeliveryError {
  return new DeliveryError('EUNKNOWN', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** `carried`: the invitations a digest was carrying, whose own message it was. */
async function recordFailure(
  deps: DeliveryDeps,
  message: Message,
  error: DeliveryError,
  carried: readonly string[] = [],
): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const lastError = `${error.code}: ${error.message}`.slice(0, 500);
  // Age counts from the first failure of this run, not from creation: a reminder is queued days
  // before it is due and must still get its retries.
  const retrySince = message.retrySince ?? now.toISOString();
  const delay = error.permanent
    ? null
    : nextRetryDelay(deps.retry, message.attempts, now.getTime() - Date.parse(retrySince));
  deps.logger.warn(
    { messageId: message.id, code: error.code, attempts: message.attempts, delay },
    'delivery failed',
  );
  if (delay !== null) {
    await deps.store.updateMessage(message.id, {
      dueAt: new Date(now.getTime() + delay).toISOString(),
      leaseUntil: null,
      lastError,
      retrySince,
    });
    return 'retry';
  }
  await deps.store.durableTransaction(async (tx) => {
    if (message.invitationId) await tx.setInvitationDelivery(message.invitationId, 'failed');
    if (error.code === 'ENOMAILBOX') {
      await applySuppression(deps, tx, {
        key: message.toKey,
        scope: 'global',
        reason: 'hard-bounce',
        source: 'smtp',
        actor: 'worker',
        // This message's own invitations: their inviters are told it bounced (`core/inviter-view.ts`).
        bouncedInvitationIds: message.invitationId ? [message.invitationId] : carried,
      });
    }
    await tx.updateMessage(message.id, { state: 'failed', leaseUntil: null, lastError });
  });
  return 'failed';
}
