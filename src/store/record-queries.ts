/** Suppressions, tokens, the audit log and the dev mailbox. */
import type { Kysely } from 'kysely';
import type { AuditEvent, Suppression, SuppressionScope, TokenPurpose, TokenRecord } from '../core/model.js';
import type { DevMail } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import {
  devMailToRow,
  eventToRow,
  rowToDevMail,
  rowToEvent,
  rowToSuppression,
  rowToToken,
  suppressionToRow,
  tokenToRow,
} from './mappers.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Insert-or-ignore on (key, scope): the first suppression's reason and time are kept. */
export async function addSuppression(db: Db, suppression: Suppression): Promise<void> {
  await db
    .insertInto('suppressions')
    .values(suppressionToRow(suppression))
    .onConflict((oc) => oc.columns(['key', 'scope']).doNothing())
    .execute();
}

/** The global suppression of `key` and, when `inviterId` is given, that inviter's scoped one. */
export async function findSuppressions(db: Db, key: string, inviterId?: string): Promise<Suppression[]> {
  const scopes: SuppressionScope[] = ['global'];
  if (inviterId !== undefined) scopes.push(`inviter:${inviterId}`);
  const rows = await db
    .selectFrom('suppressions')
    .selectAll()
    .where('key', '=', key)
    .where('scope', 'in', scopes)
    .orderBy('created_at')
    .orderBy('scope')
    .execute();
  return rows.map(rowToSuppression);
}

export async function removeSuppression(db: Db, key: string, scope: SuppressionScope): Promise<void> {
  await db.deleteFrom('suppressions').where('key', '=', key).where('scope', '=', scope).execute();
}

export async function insertToken(db: Db, token: TokenRecord): Promise<void> {
  await uniquely('token', () => db.insertInto('tokens').values(tokenToRow(token)).execute());
}

export async function findToken(
  db: Db,
  hash: string,
  purpose: TokenPurpose,
): Promise<TokenRecord | undefined> {
  const row = await db
    .selectFrom('tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row && rowToToken(row);
}

/** Compare-and-delete: of two callers using one token, only one sees true. */
export async function deleteToken(db: Db, hash: string, purpose: TokenPurpose): Promise<boolean> {
  const result = await db
    .deleteFrom('tokens')
    .where('hash', '=', hash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertEvent(db: Db, event: AuditEvent): Promise<void> {
  await uniquely('event', () => db.insertInto('events').values(eventToRow(event)).execute());
}

/** Oldest first. */
export async function listEvents(
  db: Db,
  subjectType: AuditEvent['subjectType'],
  subjectId: string,
): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(rowToEvent);
}

export async function insertDevMail(db: Db, mail: DevMail): Promise<void> {
  await uniquely('dev mail', () => db.insertInto('dev_mail').values(devMailToRow(mail)).execute());
}

/** Newest first. */
export async function listDevMail(db: Db, limit: number): Promise<DevMail[]> {
  const rows = await db
    .selectFrom('dev_mail')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(0, Math.floor(limit)))
    .execute();
  return rows.map(rowToDevMail);
}

export async function getDevMail(db: Db, id: string): Promise<DevMail | undefined> {
  const row = await db.selectFrom('dev_mail').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToDevMail(row);
}
