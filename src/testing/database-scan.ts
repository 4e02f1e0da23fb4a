/**
 * Where a string occurs in a database: every column of every table, discovered from the database's
 * own catalogue (so tables added later are scanned too), compared without regard to case. (Test-only.)
 */
import { type Kysely, sql } from 'kysely';

interface ColumnRef {
  table: string;
  column: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the scan reads whatever tables exist.
async function columns(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<ColumnRef[]> {
  if (dialect === 'postgres') {
    const rows = await sql<ColumnRef>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
    return rows.rows;
  }
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    db,
  );
  const found: ColumnRef[] = [];
  for (const { name } of tables.rows) {
    const info = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    for (const column of info.rows) found.push({ table: name, column: column.name });
  }
  return found;
}

/** `table.column` of every column holding `needle` in some row, with how many rows. */
// biome-ignore lint/suspicious/noExplicitAny: the scan reads whatever tables exist.
export async function scanDatabase(db: Kysely<any>, dialect: 'sqlite' | 'postgres', needle: string) {
  const hits: string[] = [];
  const scanned: string[] = [];
  for (const { table, column } of await columns(db, dialect)) {
    const text = sql`lower(cast(${sql.ref(column)} as text))`;
    // The same test in each dialect's words: Postgres has strpos, SQLite instr.
    const found =
      dialect === 'postgres'
        ? sql`strpos(${text}, lower(${needle})) > 0`
        : sql`instr(${text}, lower(${needle})) > 0`;
    const row = await sql<{ count: number | string }>`
      select count(*) as count from ${sql.table(table)} where ${found}`.execute(db);
    scanned.push(`${table}.${column}`);
    if (Number(row.rows[0]?.count ?? 0) > 0) hits.push(`${table}.${column}`);
  }
  return { hits, scanned };
}

/**
 * How many rows each table holds (every table the catalogue knows, migrations' own included), for
 * tests that compare what two paths wrote.
 */
export async function rowCounts(
  // biome-ignore lint/suspicious/noExplicitAny: the count reads whatever tables exist.
  db: Kysely<any>,
  dialect: 'sqlite' | 'postgres',
): Promise<Record<string, number>> {
  const tables = [...new Set((await columns(db, dialect)).map((c) => c.table))].sort();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{
      count: number | string;
    }>`select count(*) as count from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]?.count ?? 0);
  }
  return counts;
}
