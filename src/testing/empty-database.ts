/** Deletes every row of every Kindly table (children first), so one migrated database serves many tests. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

const childrenFirst = [
  'contact_addresses',
  'contacts',
  'contact_imports',
  'suggestion_dismissals',
  'cap_slots',
  'digest_items',
  'invitation_outcomes',
  'gates',
  'connections',
  'tokens',
  'messages',
  'invitations',
  'members',
  'suppressions',
  'events',
  'dev_mail',
  'api_tokens',
] as const satisfies readonly (keyof Database)[];

export async function emptyDatabase(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of childrenFirst) await trx.deleteFrom(table).execute();
  });
}
