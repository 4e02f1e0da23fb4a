import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-immediate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite transactions', () => {
  it('take the write lock when they begin, so another process waits instead of failing midway', async () => {
    const file = path.join(dir, 'lock.db');
    const { db } = openSqlite(`sqlite:${file}`);
    await sql`create table t (n integer)`.execute(db);
    // Another process, as `kindly worker` beside `kindly serve`, that does not wait at all.
    const other = new SqliteDatabase(file);
    other.pragma('busy_timeout = 0');
    try {
      let blocked: unknown;
      await db.transaction().execute(async (trx) => {
        // Only a read so far: a deferred BEGIN would hold no write lock yet.
        await sql`select count(*) from t`.execute(trx);
        try {
          other.prepare('insert into t (n) values (1)').run();
        } catch (error) {
          blocked = error;
        }
        await sql`insert into t (n) values (2)`.execute(trx);
      });
      expect((blocked as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY');
      expect(other.prepare('select n from t').all()).toEqual([{ n: 2 }]);
    } finally {
      other.close();
      await db.destroy();
    }
  });
});
