/**
 * Issue 3, must show: with 2 API processes and 3 worker processes on one Postgres database, 2,000
 * invitations from 250 inviters (8 each, far from any per-inviter limit) reach a real SMTP peer
 * exactly once each, counted by Message-ID.
 */
import { describe, expect, it } from 'vitest';
import {
  countByMessageId,
  createInviters,
  invitationPlan,
  inviteAll,
  outboxIdOf,
  sleep,
} from '../../src/testing/cluster-load.js';
import { useClusterRun } from '../../src/testing/cluster-run.js';
import { createTestPostgresDatabase } from '../../src/testing/postgres-database.js';

const total = 2_000;
const inviterCount = 250;
const database = await createTestPostgresDatabase('the cluster exactly-once test');

describe.skipIf(database === null)('2 API + 3 worker processes on Postgres', () => {
  const run = useClusterRun(database, {
    apis: 2,
    workers: 3,
    env: { KINDLY_WORKER_POLL_MS: '50', KINDLY_WORKER_BATCH: '20', KINDLY_WORKER_CONCURRENCY: '2' },
  });

  it('delivers 2,000 invitations exactly once each', async () => {
    const { peer, cluster, outbox } = run();
    const inviters = await createInviters(cluster, inviterCount);
    const started = Date.now();
    const results = await inviteAll(cluster, invitationPlan(inviters, total), 24);
    const accepted = Date.now();
    expect(results.every((r) => r.status === 201)).toBe(true);

    await peer.waitUntil(
      () => peer.deliveries.length >= total,
      120_000,
      () => `${peer.deliveries.length} of ${total} delivered`,
    );
    // Longer than several polls and batches: a late duplicate would have time to show up.
    await sleep(1_500);

    const counts = countByMessageId(peer.deliveries);
    const twice = [...counts].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(total);
    expect(peer.deliveries).toHaveLength(total);
    // The Message-IDs are exactly the outbox's messages, all recorded as sent.
    const finalRows = await outbox.rows();
    expect(finalRows).toHaveLength(total);
    expect(new Set([...counts.keys()].map(outboxIdOf))).toEqual(new Set(finalRows.map((r) => r.id)));
    expect(finalRows.filter((r) => r.state !== 'sent')).toEqual([]);
    // Every worker took part.
    const bySender = countByMessageId(peer.deliveries.map((d) => ({ messageId: d.sender })));
    expect([...bySender.keys()].sort()).toEqual(['worker-0', 'worker-1', 'worker-2']);

    const times = peer.deliveries.map((d) => d.at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    console.info(
      `[cluster] exactly-once: ${total} invitations accepted in ${accepted - started} ms ` +
        `(${Math.round((total * 1000) / (accepted - started))}/s over 2 APIs); delivered in ` +
        `${last - started} ms from the first request, ${Math.round((total * 1000) / (last - first))} msg/s ` +
        `between first and last delivery; per worker ${JSON.stringify(Object.fromEntries(bySender))}`,
    );
  }, 240_000);
});
