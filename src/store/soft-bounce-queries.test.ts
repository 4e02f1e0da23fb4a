import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeBackends } from '../testing/describe-backends.js';
import { testBackends } from '../testing/postgres-database.js';
import { openStore } from './open-store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-soft-bounces-'));
const backends = await testBackends('the Postgres half of the soft-bounce queries');

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const backend of backends) await backend.drop?.();
});

describeBackends(backends, 'soft bounces on $name', ({ url }) => {
  it('counts one row per key and message, by time, and keeps keys apart', async () => {
    const { store } = await openStore(url ?? `sqlite:${path.join(dir, 'k.db')}`);
    try {
      const bounce = (id: string, key: string, messageId: string | null, at: string) =>
        store.recordSoftBounce({ id, key, messageId, source: 'smtp', at });
      expect(await bounce('b1', 'k', 'msg_1', '2026-03-01T00:00:00.000Z')).toBe(true);
      expect(await bounce('b2', 'k', 'msg_1', '2026-03-02T00:00:00.000Z')).toBe(false);
      expect(await bounce('b3', 'k', null, '2026-03-03T00:00:00.000Z')).toBe(true);
      expect(await bounce('b4', 'k', null, '2026-03-04T00:00:00.000Z')).toBe(true);
      expect(await bounce('b5', 'other', 'msg_1', '2026-03-04T00:00:00.000Z')).toBe(true);
      expect(await store.countSoftBounces('k', '2026-03-01T00:00:00.000Z')).toBe(3);
      expect(await store.countSoftBounces('k', '2026-03-02T00:00:00.000Z')).toBe(2);
      expect(await store.countSoftBounces('other', '2026-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.countSoftBounces('nobody', '2026-01-01T00:00:00.000Z')).toBe(0);
      // Inside a transaction, as the core uses it.
      await store.transaction(async (tx) => {
        await tx.recordSoftBounce({
          id: 'b6',
          key: 'k',
          messageId: 'msg_2',
          source: 'ses',
          at: '2026-03-05T00:00:00.000Z',
        });
        expect(await tx.countSoftBounces('k', '2026-03-01T00:00:00.000Z')).toBe(4);
      });
    } finally {
      await store.close();
    }
  });
});
