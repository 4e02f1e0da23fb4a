/**
 * A message leased by a worker that died is sent by another worker once the lease runs
 * out, and not before. The peer holds the first RCPT TO for one address open, so the worker is
 * caught mid-send with the message handed off; then it is killed with SIGKILL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../src/testing/cluster.js';
import {
  countByMessageId,
  createInviters,
  inviteAll,
  openOutbox,
  sleep,
} from '../../src/testing/cluster-load.js';
import { describeBackends } from '../../src/testing/describe-backends.js';
import { testBackends } from '../../src/testing/postgres-database.js';
import { type ScriptedSmtpPeer, startScriptedSmtpPeer } from '../../src/testing/scripted-smtp-peer.js';

const leaseMs = 3_000;
const held = 'held@example.net';
const dir = mkdtempSync(path.join(tmpdir(), 'kindly-lease-'));
const sqliteUrl = `sqlite:${path.join(dir, 'kindly.db')}`;
const backends = await testBackends('the Postgres lease take-over test');

afterAll(async () => {
  for (const backend of backends) await backend.drop?.();
  rmSync(dir, { recursive: true, force: true });
});

describeBackends(backends, 'lease take-over on $name', ({ url = sqliteUrl }) => {
  let peer: ScriptedSmtpPeer;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    peer = await startScriptedSmtpPeer();
    peer.script = (address, attempt) => (address === held && attempt === 1 ? 'hold' : 'accept');
    cluster = await startCluster({
      databaseUrl: url,
      smtpUrl: peer.url,
      apis: 1,
      workers: 1,
      env: {
        KINDLY_LEASE_MS: String(leaseMs),
        KINDLY_WORKER_POLL_MS: '50',
        KINDLY_WORKER_BATCH: '5',
        KINDLY_WORKER_CONCURRENCY: '1',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await peer?.close();
  }, 60_000);

  it('sends the message of a killed worker from another worker, after the lease', async () => {
    if (!cluster) throw new Error('no cluster');
    const [inviter] = await createInviters(cluster, 1);
    const emails = [held, 'a@example.net', 'b@example.net', 'c@example.net'];
    await inviteAll(
      cluster,
      emails.map((email) => ({ inviterId: inviter ?? '', email })),
      1,
    );
    await peer.waitUntil(
      () => peer.attemptsOf(held).length === 1,
      30_000,
      () => 'the worker never reached the held address',
    );
    const outbox = await openOutbox(url);
    try {
      const stuck = (await outbox.rows()).find((r) => r.email === held);
      const lease = await outbox.db
        .selectFrom('messages')
        .select('lease_until')
        .where('id', '=', stuck?.id ?? '')
        .executeTakeFirstOrThrow();
      expect(stuck).toMatchObject({ state: 'queued', attempts: 1 });
      expect(stuck?.handoff_at).toBeTruthy();
      const leaseEnds = Date.parse(lease.lease_until ?? '');

      const killed = Date.now();
      await cluster.restartWorker(0);
      await peer.waitUntil(
        () => peer.deliveries.some((d) => d.to === held) && peer.deliveries.length >= emails.length,
        30_000,
        () => `delivered: ${peer.deliveries.map((d) => d.to).join(', ')}`,
      );
      await sleep(300);

      const second = peer.attemptsOf(held)[1];
      expect(peer.attemptsOf(held)).toHaveLength(2);
      expect(second?.at).toBeGreaterThanOrEqual(leaseEnds);
      const counts = countByMessageId(peer.deliveries);
      expect([...counts.values()]).toEqual(emails.map(() => 1));
      const rows = await outbox.rows();
      expect(rows.every((r) => r.state === 'sent')).toBe(true);
      expect(rows.find((r) => r.email === held)?.attempts).toBe(2);
      console.info(
        `[cluster] lease take-over: killed ${leaseEnds - killed} ms before the lease ended; ` +
          `sent again ${(second?.at ?? 0) - leaseEnds} ms after it`,
      );
    } finally {
      await outbox.close();
    }
  }, 120_000);
});
