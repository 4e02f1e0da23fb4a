import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationNames, pendingMigrations } from '../migrations/index.js';
import { openStore } from '../open-store.js';
import type { Database } from '../schema.js';
import { describeStoreContract } from '../store-contract.js';
import { sqlitePath } from './open-sqlite.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-sqlite-store-'));
let files = 0;
const freshFile = () => path.join(dir, `store-${++files}.db`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('sqlite', async () => {
  const { store } = await openStore(`sqlite:${freshFile()}`);
  return { store, cleanup: () => store.close() };
});

describe('sqlite specifics', () => {
  it('reads the file from sqlite:, file: and bare URLs', () => {
    expect(sqlitePath('sqlite:./data/kindly.db')).toBe('./data/kindly.db');
    expect(sqlitePath('sqlite:///var/lib/kindly.db')).toBe('/var/lib/kindly.db');
    expect(sqlitePath('file:/tmp/k.db')).toBe('/tmp/k.db');
    expect(sqlitePath('file:///tmp/k.db?mode=rwc')).toBe('/tmp/k.db');
    expect(sqlitePath('data/k.db')).toBe('data/k.db');
    expect(sqlitePath(':memory:')).toBe(':memory:');
    expect(sqlitePath('sqlite::memory:')).toBe(':memory:');
    expect(() => sqlitePath('sqlite:')).toThrow();
  });

  it('creates the parent folder and uses WAL, foreign keys and synchronous NORMAL', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'kindly.db');
    const { store, db, dialect } = await openStore(file);
    try {
      const pragma = async (name: string, on: Kysely<Database> = db) =>
        Object.values((await sql.raw(`PRAGMA ${name}`).execute(on)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('synchronous')).toBe(1);
      // A durable transaction runs with FULL and restores NORMAL afterwards, also after a failure.
      // (Inside a transaction only its own connection may be used: SQLite has one, and it is taken.)
      const inside = await dialect.durable(db, (trx) => pragma('synchronous', trx));
      expect(inside).toBe(2);
      expect(await pragma('synchronous')).toBe(1);
      await expect(store.durableTransaction(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
      expect(await pragma('synchronous')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('opens in memory', async () => {
    const { store } = await openStore(':memory:');
    expect(await store.readiness()).toEqual({ database: true, migrations: true });
    await store.close();
  });

  it('reports pending migrations when not migrated, and an unreachable database without throwing', async () => {
    const { store, db } = await openStore(freshFile(), { migrate: false });
    expect(await pendingMigrations(db)).toEqual(migrationNames);
    expect(await store.readiness()).toEqual({ database: true, migrations: false });
    await store.close();
    expect(await store.readiness()).toEqual({ database: false, migrations: false });
  });

  it('enforces foreign keys', async () => {
    const { store } = await openStore(freshFile());
    try {
      await expect(
        store.insertConnection({ memberA: 'mem_x', memberB: 'mem_y', invitationId: null, createdAt: 'now' }),
      ).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
