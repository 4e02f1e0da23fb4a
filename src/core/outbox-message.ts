import type { CoreDeps } from './deps.js';
import type { Message } from './model.js';

/** What differs between the messages Kindly queues; the rest of a new outbox row is always the same. */
export type QueuedMessageFields = Pick<
  Message,
  'kind' | 'invitationId' | 'inviterId' | 'toEmail' | 'toKey' | 'dueAt'
>;

/** A new outbox row, queued, never tried, created `now`. */
export function newQueuedMessage(
  deps: Pick<CoreDeps, 'ids'>,
  fields: QueuedMessageFields,
  now: Date,
): Message {
  return {
    id: deps.ids.id('msg'),
    ...fields,
    state: 'queued',
    leaseUntil: null,
    attempts: 0,
    lastError: null,
    createdAt: now.toISOString(),
    sentAt: null,
  };
}

/**
 * A new outbox row for mail about an address rather than an invitation (a do-not-contact
 * confirmation, a resume link): no invitation, no inviter, due now.
 */
export function newAddressMessage(
  deps: Pick<CoreDeps, 'ids'>,
  kind: Message['kind'],
  address: { email: string; key: string },
  now: Date,
): Message {
  return newQueuedMessage(
    deps,
    {
      kind,
      invitationId: null,
      inviterId: null,
      toEmail: address.email,
      toKey: address.key,
      dueAt: now.toISOString(),
    },
    now,
  );
}
