/**
 * Every worker run prunes cap slots, soft bounces and gates by age. Their indexes lead with the key,
 * so without these an age-only delete would scan the whole table on each run, every second.
 */
import type { Kysely } from 'kysely';

const indexes = [
  { name: 'cap_slots_at', table: 'cap_slots', column: 'at' },
  { name: 'soft_bounces_at', table: 'soft_bounces', column: 'at' },
  { name: 'gates_touched_at', table: 'gates', column: 'touched_at' },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const { name, table, column } of indexes) {
    await db.schema.createIndex(name).on(table).column(column).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const { name } of indexes) await db.schema.dropIndex(name).ifExists().execute();
}
