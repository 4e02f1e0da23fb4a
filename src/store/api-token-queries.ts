/** Named API tokens. Found by hash on every API request, so `hash` is unique (and thereby indexed). */
import type { Kysely } from 'kysely';
import type { ApiToken } from '../core/model.js';
import { UniqueViolation } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import { apiTokenToRow, rowToApiToken } from './mappers.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** `ON CONFLICT DO NOTHING` rather than a failing statement, so a surrounding Postgres transaction stays usable. */
export async function insertApiToken(db: Db, token: ApiToken): Promise<void> {
  const result = await uniquely('api token', () =>
    db
      .insertInto('api_tokens')
      .values(apiTokenToRow(token))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst(),
  );
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0)
    throw new UniqueViolation('an api token with that id or hash already exists');
}

export async function getApiToken(db: Db, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToApiToken(row);
}

export async function findApiTokenByHash(db: Db, hash: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row && rowToApiToken(row);
}

export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToApiToken);
}

/** The first revocation's time is kept: revoking again changes nothing. */
export async function revokeApiToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchApiToken(db: Db, id: string, at: string, staleBefore: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
