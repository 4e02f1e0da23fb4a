/**
 * A PostgreSQL server of the test's own: `initdb` into a temp folder, run on a free port, stopped
 * and started at will, removed afterwards. For tests that must restart the database, which they may
 * never do to the machine's shared server (other test files use it at the same time).
 *
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` OS user, in a
 * folder it owns. Without the binaries the caller's tests are skipped with a message, unless
 * `KINDLY_REQUIRE_POSTGRES=1` makes that a failure, as for the shared server.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './kindly-process.js';
import { postgresRequired } from './postgres-database.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** The server's `postgres` database, as the `postgres` superuser (trust auth, loopback only). */
  url: string;
  port: number;
  /** A URL to another database on this server. */
  urlOf(database: string): string;
  /** Fast shutdown: the server ends every session (57P01) and stops listening. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): string;
  /** Stops the server at once and deletes its files. */
  remove(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/<version>/bin`, or `KINDLY_TEST_PG_BIN`. */
function binDir(): string | undefined {
  const chosen = process.env.KINDLY_TEST_PG_BIN;
  if (chosen) return existsSync(path.join(chosen, 'initdb')) ? chosen : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(root, versions[0], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a Postgres binary, as the `postgres` user when we are root. */
async function pg(bin: string, tool: string, args: string[], cwd: string): Promise<void> {
  const [file, argv] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
    : [path.join(bin, tool), args];
  await run(file, argv, { cwd, timeout: 60_000 });
}

export async function startPrivatePostgres(
  skipped = 'the tests that restart Postgres',
): Promise<PrivatePostgres | null> {
  const bin = binDir();
  if (!bin) {
    const reason = 'no PostgreSQL server binaries under /usr/lib/postgresql (or KINDLY_TEST_PG_BIN)';
    if (postgresRequired()) throw new Error(`${reason}, and KINDLY_REQUIRE_POSTGRES=1`);
    console.warn(`${skipped} was skipped: ${reason}.`);
    return null;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const port = await freePort();
  // Speed over durability: this server's data is thrown away. The socket lives in our folder so
  // it never meets the shared server's.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
  const ctl = (...args: string[]) => pg(bin, 'pg_ctl', ['-D', data, ...args], dir);
  let running = false;
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      await ctl('-m', 'fast', '-w', '-t', '60', 'stop');
      running = false;
    },
    async start() {
      await ctl('-l', logFile, '-o', options, '-w', '-t', '60', 'start');
      running = true;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async remove() {
      process.removeListener('exit', removeNow);
      if (running) await ctl('-m', 'immediate', '-w', 'stop').catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Even when the test process ends without its afterAll, no server or folder is left behind.
  const removeNow = () => {
    if (running) {
      try {
        const args = ['-D', data, '-m', 'immediate', 'stop'];
        if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args]);
        else execFileSync(path.join(bin, 'pg_ctl'), args);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', removeNow);
  try {
    await pg(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], dir);
    await server.start();
  } catch (error) {
    await server.remove();
    throw new Error(`could not start a private Postgres: ${String(error)}\n${server.log()}`, {
      cause: error,
    });
  }
  return server;
}
