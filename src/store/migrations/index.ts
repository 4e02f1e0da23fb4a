/**
 * Every migration, imported statically so bundles and `tsx` find them without reading a folder.
 * Names start with an ISO date and time, so they sort in the order they were written.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './2026-11-26T0900-initial.js';
import * as outboxLeases from './2026-11-26T1000-outbox-leases.js';
import * as consentRules from './2026-11-26T1100-consent-rules.js';
import * as inbound from './2026-11-26T1200-inbound.js';
import * as retrySince from './2026-11-26T1300-retry-since.js';
import * as apiTokens from './2026-11-26T1400-api-tokens.js';
import * as suppressionExportOrder from './2026-11-26T1500-suppression-export-order.js';
import * as pruneOrder from './2026-11-26T1600-prune-order.js';
import * as inviterView from './2026-11-30T1000-inviter-view.js';
import * as contacts from './2026-11-30T1200-contacts.js';

const migrations: Record<string, Migration> = {
  '2026-11-26T0900-initial': initial,
  '2026-11-26T1000-outbox-leases': outboxLeases,
  '2026-11-26T1100-consent-rules': consentRules,
  '2026-11-26T1200-inbound': inbound,
  '2026-11-26T1300-retry-since': retrySince,
  '2026-11-26T1400-api-tokens': apiTokens,
  '2026-11-26T1500-suppression-export-order': suppressionExportOrder,
  '2026-11-26T1600-prune-order': pruneOrder,
  '2026-11-30T1000-inviter-view': inviterView,
  '2026-11-30T1200-contacts': contacts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** The names of every known migration, in order. */
export const migrationNames: readonly string[] = Object.keys(migrations).sort();

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema.
function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

/** Runs every migration that has not run yet; throws the first failure. Returns the names it ran. */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of migrations that have not run yet (all of them on an empty database). */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema.
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const infos = await migrator(db).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
