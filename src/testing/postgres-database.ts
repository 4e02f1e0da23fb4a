/**
 * A throwaway Postgres database for a test file: created on the server named by
 * `KINDLY_TEST_POSTGRES_URL` (default: the local `postgres` database), dropped afterwards.
 *
 * When the server cannot be reached, the caller's Postgres tests are skipped with a clear message,
 * unless `KINDLY_REQUIRE_POSTGRES=1`, in which case the error is raised and the suite fails.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const defaultTestPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server (and a database on it to connect to) where test databases are created. */
export function testPostgresUrl(): string {
  return process.env.KINDLY_TEST_POSTGRES_URL || defaultTestPostgresUrl;
}

/** True when `KINDLY_REQUIRE_POSTGRES=1`: an unreachable Postgres fails the run instead of skipping. */
export function postgresRequired(): boolean {
  return process.env.KINDLY_REQUIRE_POSTGRES === '1';
}

export interface TestPostgresDatabase {
  /** URL of the new, empty database. */
  url: string;
  /** Drops the database, closing anyone still connected to it. */
  drop(): Promise<void>;
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  // A server restart while connected must not crash the test process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates `kindly_test_<random>`; returns null (after saying on the console that `skipped` was
 * skipped) when Postgres is not reachable and not required.
 */
export async function createTestPostgresDatabase(
  skipped = 'the Postgres tests of this file',
): Promise<TestPostgresDatabase | null> {
  const adminUrl = testPostgresUrl();
  const name = `kindly_test_${randomBytes(6).toString('hex')}`;
  try {
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (postgresRequired()) {
      throw new Error(
        `Postgres not reachable at ${shown(adminUrl)} (${reason}), and KINDLY_REQUIRE_POSTGRES=1`,
        {
          cause: error,
        },
      );
    }
    console.warn(
      `Postgres not reachable at ${shown(adminUrl)}: ${skipped} was skipped (${reason}). ` +
        'Set KINDLY_TEST_POSTGRES_URL to point at a server, or KINDLY_REQUIRE_POSTGRES=1 to fail instead.',
    );
    return null;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

/**
 * A backend for suites that run once per database: SQLite always, and Postgres, which is `skip`ped
 * when its server cannot be reached (and is not required).
 */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** Unset for SQLite (the suite makes its own file) and for a skipped Postgres. */
  url?: string;
  drop?: () => Promise<void>;
  /** The server was not reachable: `describeBackends` lists this half's tests as skipped. */
  skip?: boolean;
}

/**
 * SQLite, and a fresh Postgres database on the server of `KINDLY_TEST_POSTGRES_URL`. An unreachable
 * server gives a `skip` row (after one console line naming `skipped`), or throws when
 * `KINDLY_REQUIRE_POSTGRES=1`. Run a suite over the list with `describeBackends`.
 */
export async function testBackends(skipped?: string): Promise<TestBackend[]> {
  // Throws by itself when Postgres is required but not reachable.
  const database = await createTestPostgresDatabase(skipped);
  return [
    { name: 'sqlite' },
    database
      ? { name: 'postgres', url: database.url, drop: database.drop }
      : { name: 'postgres', skip: true },
  ];
}
