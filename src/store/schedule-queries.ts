/**
 * The scheduler's due rows. Expiry and redaction need no outbox row of their own: the invitation is
 * the due row (`expires_at`, `settled_at`), and the claim and the work share one transaction, so a
 * crash rolls both back and the next run finds the row due again; the state (or the null address)
 * it leaves makes a second run find nothing. On Postgres the claim skips rows another worker holds.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { StoreDialect } from './store-dialect.js';

type Db = Kysely<Database>;

/** Closed states whose address is redacted; an accepted invitation's recipient is now a member. */
const redactedStates = ['declined', 'withdrawn', 'expired', 'undeliverable'];

export async function lockDueExpiries(
  db: Db,
  dialect: StoreDialect,
  now: string,
  limit: number,
): Promise<string[]> {
  const take = Math.max(0, Math.floor(limit));
  if (take === 0) return [];
  const due = db
    .selectFrom('invitations')
    .select('id')
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('id')
    .limit(take);
  const rows = await (dialect.lockForClaim ? due.forUpdate().skipLocked() : due).execute();
  return rows.map((row) => row.id);
}

export async function lockDueRedactions(
  db: Db,
  dialect: StoreDialect,
  settledBy: string,
  limit: number,
): Promise<Array<{ id: string; recipientKey: string; email: string }>> {
  const take = Math.max(0, Math.floor(limit));
  if (take === 0) return [];
  const due = db
    .selectFrom('invitations')
    .select(['id', 'recipient_key', 'recipient_email'])
    .where('recipient_email', 'is not', null)
    .where('settled_at', '<=', settledBy)
    .where('state', 'in', redactedStates)
    .orderBy('settled_at')
    .orderBy('id')
    .limit(take);
  const rows = await (dialect.lockForClaim ? due.forUpdate().skipLocked() : due).execute();
  return rows.map((row) => ({
    id: row.id,
    recipientKey: row.recipient_key,
    email: row.recipient_email ?? '',
  }));
}
