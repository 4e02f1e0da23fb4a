/**
 * `api_tokens`: named, revocable bearer tokens for the JSON API, one per embedding app (role `app`) or
 * for more operators (role `operator`), beside the operator's token from the environment. Only the
 * SHA-256 of each token is kept; the hash is unique because it is how a request finds its token.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    // A role the code does not know would otherwise be read as whatever the mapper guesses.
    .addCheckConstraint('api_tokens_role', sql`role in ('app', 'operator')`)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
