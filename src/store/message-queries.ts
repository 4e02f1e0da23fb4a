/** The outbox: insert, read, claim with a lease, update, cancel, count. */
import type { Kysely } from 'kysely';
import type { Message, MessageState } from '../core/model.js';
import type { MessageUpdate } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import { messageToRow, rowToMessage } from './mappers.js';
import type { Database, MessagesTable } from './schema.js';
import type { StoreDialect } from './store-dialect.js';

type Db = Kysely<Database>;

export async function insertMessage(db: Db, message: Message): Promise<void> {
  await uniquely('message', () => db.insertInto('messages').values(messageToRow(message)).execute());
}

export async function getMessage(db: Db, id: string): Promise<Message | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToMessage(row);
}

export async function listMessagesForInvitation(db: Db, invitationId: string): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToMessage);
}

/**
 * One atomic statement: leases up to `limit` due, queued, unleased messages and counts an attempt.
 * On Postgres the inner select takes `FOR UPDATE SKIP LOCKED`, so concurrent claimers split the rows
 * between them; SQLite has a single writer, so the statement alone is enough.
 */
export async function claimDueMessages(
  db: Db,
  dialect: StoreDialect,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Message[]> {
  const take = Math.max(0, Math.floor(limit));
  if (take === 0) return [];
  const rows = await db
    .updateTable('messages')
    .set((eb) => ({ lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('messages as due')
        .select('due.id')
        .where('due.state', '=', 'queued')
        .where('due.due_at', '<=', now)
        .where((w) => w.or([w('due.lease_until', 'is', null), w('due.lease_until', '<=', now)]))
        .orderBy('due.due_at')
        .orderBy('due.id')
        .limit(take);
      return dialect.lockForClaim ? due.forUpdate().skipLocked() : due;
    })
    .returningAll()
    .execute();
  return rows
    .map(rowToMessage)
    .sort((a, b) => (a.dueAt === b.dueAt ? compare(a.id, b.id) : compare(a.dueAt, b.dueAt)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function updateMessage(db: Db, id: string, update: MessageUpdate): Promise<void> {
  const set: Partial<MessagesTable> = {};
  if (update.state !== undefined) set.state = update.state;
  if (update.dueAt !== undefined) set.due_at = update.dueAt;
  if (update.leaseUntil !== undefined) set.lease_until = update.leaseUntil;
  if (update.lastError !== undefined) set.last_error = update.lastError;
  if (update.sentAt !== undefined) set.sent_at = update.sentAt;
  if (update.retrySince !== undefined) set.retry_since = update.retrySince;
  if (update.attempts !== undefined) set.attempts = update.attempts;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('messages').set(set).where('id', '=', id).execute();
}

export async function cancelQueuedMessages(db: Db, invitationId: string): Promise<number> {
  const result = await db
    .updateTable('messages')
    .set({ state: 'cancelled' })
    .where('invitation_id', '=', invitationId)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Messages to `toKey` of the given kinds created at or after `since` that are still queued or were
 * sent: what counts against the per-address cap (cancelled, suppressed and failed ones never arrived).
 */
export async function countMessagesTo(
  db: Db,
  toKey: string,
  kinds: readonly Message['kind'][],
  since: string,
  states: readonly MessageState[] = ['queued', 'sent'],
): Promise<number> {
  if (kinds.length === 0 || states.length === 0) return 0;
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('to_key', '=', toKey)
    .where('created_at', '>=', since)
    .where('kind', 'in', [...kinds])
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
