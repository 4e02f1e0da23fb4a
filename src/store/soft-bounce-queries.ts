/**
 * Soft-bounce occurrences, by suppression key. The table is not in `schema.ts`'s `Database` so that
 * this feature's schema stays in its own files; `withTables` adds it to the query builder's view.
 */
import type { Kysely } from 'kysely';
import type { SoftBounce } from '../core/ports.js';
import type { Database } from './schema.js';

export interface SoftBouncesTable {
  id: string;
  key: string;
  message_id: string | null;
  source: string;
  at: string;
}

function withSoftBounces(db: Kysely<Database>) {
  return db.withTables<{ soft_bounces: SoftBouncesTable }>();
}

/** Insert-or-ignore: a repeated report about one message (same key and message id) counts once. */
export async function recordSoftBounce(db: Kysely<Database>, bounce: SoftBounce): Promise<boolean> {
  const result = await withSoftBounces(db)
    .insertInto('soft_bounces')
    .values({
      id: bounce.id,
      key: bounce.key,
      message_id: bounce.messageId,
      source: bounce.source,
      at: bounce.at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function countSoftBounces(db: Kysely<Database>, key: string, since: string): Promise<number> {
  const row = await withSoftBounces(db)
    .selectFrom('soft_bounces')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('key', '=', key)
    .where('at', '>=', since)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
