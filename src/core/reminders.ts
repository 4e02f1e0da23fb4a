/**
 * Reminders are chained: the next one is queued when the message before it was sent (or skipped
 * for the cap), due on the date the invitation disclosed. So a reminder exists only for an
 * invitation that really went out, and anything that cancels an invitation's queued mail (an answer,
 * a withdrawal, expiry, a suppression) also ends the chain.
 */
import type { CoreDeps } from './deps.js';
import type { Invitation, Iso, Message } from './model.js';
import { newQueuedMessage } from './outbox-message.js';
import type { Store } from './ports.js';
import { dayMs, reminderDates } from './rules.js';

/** DESIGN's smallest spacing of reminders; kept even when an outage delayed the message before. */
export const minReminderGapDays = 3;

/** Queues reminder `done + 1` when one is planned and fits before the expiry; returns its due time. */
export async function queueNextReminder(
  deps: CoreDeps,
  tx: Store,
  invitation: Invitation,
  done: number,
  now: Date,
): Promise<Iso | null> {
  const planned = reminderDates(new Date(invitation.createdAt), invitation.remindersPlanned, deps.rules)[
    done
  ];
  if (!planned) return null;
  const due = new Date(Math.max(planned.getTime(), now.getTime() + minReminderGapDays * dayMs));
  if (due.getTime() >= Date.parse(invitation.expiresAt)) return null;
  const reminder = newQueuedMessage(
    deps,
    {
      kind: 'reminder',
      invitationId: invitation.id,
      inviterId: invitation.inviterId,
      toEmail: invitation.recipientEmail,
      toKey: invitation.recipientKey,
      dueAt: due.toISOString(),
    },
    now,
  );
  await tx.insertMessage(reminder);
  return reminder.dueAt;
}

/** Which reminder of its invitation a message is (1-based), skipped ones included. */
export async function reminderNumber(store: Store, message: Message): Promise<number> {
  if (!message.invitationId) return 1;
  const reminders = (await store.listMessagesForInvitation(message.invitationId))
    .filter((m) => m.kind === 'reminder')
    .sort((a, b) => (a.dueAt === b.dueAt ? (a.id < b.id ? -1 : 1) : a.dueAt < b.dueAt ? -1 : 1));
  return reminders.findIndex((m) => m.id === message.id) + 1 || reminders.length + 1;
}

/** Records a sent or skipped reminder and queues the next; `sent` counts only those that went out. */
export async function advanceReminders(
  deps: CoreDeps,
  tx: Store,
  invitation: Invitation,
  message: Message,
  now: Date,
): Promise<void> {
  const number = await reminderNumber(tx, message);
  const sent = (await tx.listMessagesForInvitation(invitation.id)).filter(
    (m) => m.kind === 'reminder' && m.state === 'sent',
  ).length;
  const next =
    invitation.state === 'pending' ? await queueNextReminder(deps, tx, invitation, number, now) : null;
  await tx.setReminderProgress(invitation.id, sent, next);
}
