/**
 * Issue 3: SQLite, the embedded default, with the API and the worker in two processes on one file
 * (`serve --no-worker` beside `worker`). WAL lets them read side by side; transactions begin
 * IMMEDIATE and wait under busy_timeout, so neither sees "database is locked" while both write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../src/testing/cluster.js';
import {
  countByMessageId,
  createInviters,
  invitationPlan,
  inviteAll,
  openOutbox,
  sleep,
} from '../../src/testing/cluster-load.js';
import { type ScriptedSmtpPeer, startScriptedSmtpPeer } from '../../src/testing/scripted-smtp-peer.js';

const total = 300;

describe('API and worker as two processes on one SQLite file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-sqlite-cluster-'));
  const url = `sqlite:${path.join(dir, 'kindly.db')}`;
  let peer: ScriptedSmtpPeer;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    peer = await startScriptedSmtpPeer();
    cluster = await startCluster({
      databaseUrl: url,
      smtpUrl: peer.url,
      apis: 1,
      workers: 1,
      env: { KINDLY_WORKER_POLL_MS: '20', KINDLY_WORKER_BATCH: '10', KINDLY_WORKER_CONCURRENCY: '2' },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('accepts and delivers while both processes write, each message once, never "locked"', async () => {
    if (!cluster) throw new Error('no cluster');
    const calls = invitationPlan(await createInviters(cluster, 30), total);
    // inviteAll fails on any answer but 201/200, so a 503 for SQLITE_BUSY would fail the test.
    const results = await inviteAll(cluster, calls, 8);
    expect(results.every((r) => r.status === 201)).toBe(true);
    await peer.waitUntil(
      () => peer.deliveries.length >= total,
      60_000,
      () => `${peer.deliveries.length} of ${total} delivered`,
    );
    await sleep(500);
    const counts = countByMessageId(peer.deliveries);
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const outbox = await openOutbox(url);
    try {
      expect((await outbox.rows()).filter((r) => r.state !== 'sent')).toEqual([]);
    } finally {
      await outbox.close();
    }
    expect((await fetch(`${cluster.api(0).baseUrl}/readyz`)).status).toBe(200);
    for (const p of cluster.all) expect(p.logs.filter((l) => /locked|SQLITE_BUSY/.test(l))).toEqual([]);
  }, 120_000);
});
