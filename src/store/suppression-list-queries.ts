/** The suppression list page by page, for export: keys, scopes, reasons, sources and times, never an address. */
import type { Kysely } from 'kysely';
import type { Suppression } from '../core/model.js';
import type { SuppressionQuery } from '../core/ports.js';
import { rowToSuppression } from './mappers.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * Oldest first by (created_at, key, scope), strictly after the cursor. The cursor is the last row's
 * own values rather than an offset, so suppressions added or lifted while an export runs neither
 * repeat nor shift a row past the reader; ones added later sort last and are picked up on resume.
 */
export async function listSuppressions(db: Db, query: SuppressionQuery): Promise<Suppression[]> {
  let q = db.selectFrom('suppressions').selectAll();
  const after = query.after;
  if (after) {
    // Spelled out rather than as a row value, the same way the invitation list does it; the leading
    // `>=` lets both databases start a range scan of `suppressions_export_order` at the cursor.
    q = q
      .where('created_at', '>=', after.createdAt)
      .where((eb) =>
        eb.or([
          eb('created_at', '>', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('key', '>', after.key)]),
          eb.and([
            eb('created_at', '=', after.createdAt),
            eb('key', '=', after.key),
            eb('scope', '>', after.scope),
          ]),
        ]),
      );
  }
  const rows = await q
    .orderBy('created_at')
    .orderBy('key')
    .orderBy('scope')
    .limit(Math.max(0, Math.floor(query.limit)))
    .execute();
  return rows.map(rowToSuppression);
}
