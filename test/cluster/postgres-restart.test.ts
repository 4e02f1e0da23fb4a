/**
 * Issue 3, must show: Postgres restarted in the middle of a run. During the gap the API answers
 * 503 problem+json (never 500, never hanging) and /readyz fails; nothing accepted before or after
 * is lost; no process needs a restart: they recover by themselves.
 *
 * The test runs its own Postgres (`private-postgres.ts`): the machine's shared server serves other
 * test files at the same time and must never be restarted.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../src/testing/cluster.js';
import {
  countByMessageId,
  createInviters,
  invitationPlan,
  openOutbox,
  sleep,
} from '../../src/testing/cluster-load.js';
import { startPrivatePostgres } from '../../src/testing/private-postgres.js';
import { type ScriptedSmtpPeer, startScriptedSmtpPeer } from '../../src/testing/scripted-smtp-peer.js';

const total = 600;
const gapMs = 2_000;
const server = await startPrivatePostgres('the Postgres restart test');

interface Answer {
  api: number;
  status: number;
  ms: number;
  at: number;
  type: string | null;
  code: string | undefined;
  retryAfter: string | null;
}

describe.skipIf(server === null)('Postgres restarted in the middle of a run', () => {
  let peer: ScriptedSmtpPeer;
  let cluster: Cluster | undefined;
  let databaseUrl = '';

  beforeAll(async () => {
    if (!server) return;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE kindly');
    await admin.end();
    databaseUrl = server.urlOf('kindly');
    peer = await startScriptedSmtpPeer();
    cluster = await startCluster({
      databaseUrl,
      smtpUrl: peer.url,
      apis: 2,
      workers: 2,
      env: {
        KINDLY_WORKER_POLL_MS: '50',
        KINDLY_WORKER_BATCH: '20',
        KINDLY_WORKER_CONCURRENCY: '2',
        KINDLY_LEASE_MS: '20000',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await peer?.close();
    await server?.remove();
  }, 60_000);

  it('answers 503 during the gap, loses nothing, and recovers without restarts', async () => {
    if (!cluster || !server) throw new Error('no cluster');
    const running = cluster;
    const processes = running.all.map((p) => p.child.pid);
    const calls = invitationPlan(await createInviters(running, 75), total);
    const answers: Answer[] = [];
    const readyz: Array<{ api: number; status: number; at: number; ms: number }> = [];
    const accepted = new Map<string, string>();

    // Each call is retried after a 503, as a client honouring Retry-After would (sooner, to be quick).
    let next = 0;
    const client = async (lane: number) => {
      while (next < calls.length) {
        const call = calls[next++];
        if (!call) break;
        for (;;) {
          const api = (lane + answers.length) % 2;
          const at = Date.now();
          const response = await fetch(`${running.api(api).baseUrl}/v1/invitations`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${running.api(api).adminToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(call),
          });
          const body = (await response.json()) as { id: string; code?: string };
          answers.push({
            api,
            status: response.status,
            ms: Date.now() - at,
            at,
            type: response.headers.get('content-type'),
            code: body.code,
            retryAfter: response.headers.get('retry-after'),
          });
          if (response.status === 201 || response.status === 200) {
            accepted.set(call.email, body.id);
            break;
          }
          if (response.status !== 503) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
          await sleep(100);
        }
      }
    };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        await Promise.all(
          running.apis.map(async (api, index) => {
            const at = Date.now();
            const response = await fetch(`${api.baseUrl}/readyz`);
            await response.arrayBuffer();
            readyz.push({ api: index, status: response.status, at, ms: Date.now() - at });
          }),
        );
        await sleep(100);
      }
    })();
    const restart = (async () => {
      while (accepted.size < total * 0.4) await sleep(20);
      const stopping = Date.now();
      await server.stop();
      const stopped = Date.now();
      await sleep(gapMs);
      await server.start();
      return { stopping, stopped, started: Date.now() };
    })();

    const clients = Promise.all(Array.from({ length: 8 }, (_, lane) => client(lane)));
    const gap = await restart;
    await clients;
    const readyAgain = Date.now();
    await sleep(500);
    watching = false;
    await watcher;

    // Every accepted invitation's message reaches the peer.
    const outbox = await openOutbox(databaseUrl);
    try {
      let rows = await outbox.rows();
      const deadline = Date.now() + 60_000;
      while ((rows.length < total || rows.some((r) => r.state !== 'sent')) && Date.now() < deadline) {
        await sleep(250);
        rows = await outbox.rows();
      }
      expect(accepted.size).toBe(total);
      const invitationIds = new Set(accepted.values());
      expect(rows.map((r) => r.invitation_id).filter((id) => invitationIds.has(id ?? ''))).toHaveLength(
        total,
      );
      expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);
      const counts = countByMessageId(peer.deliveries);
      for (const row of rows) expect(counts.get(`${row.id}@kindly.test`), row.id).toBe(1);
    } finally {
      await outbox.close();
    }

    // During the gap: 503 problem+json with Retry-After, never a 500, never a hang.
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(new Set(unavailable.map((a) => a.api))).toEqual(new Set([0, 1]));
    for (const a of unavailable) {
      expect(a.type).toBe('application/problem+json');
      expect(a.code).toBe('unavailable');
      expect(a.retryAfter).toBe('5');
    }
    expect(answers.filter((a) => ![200, 201, 503].includes(a.status))).toEqual([]);
    const slowest = Math.max(...answers.map((a) => a.ms), ...readyz.map((r) => r.ms));
    expect(slowest).toBeLessThan(10_000);
    // /readyz failed during the gap and recovered on both API processes.
    for (const api of [0, 1]) {
      const mine = readyz.filter((r) => r.api === api);
      expect(mine.some((r) => r.status === 503 && r.at >= gap.stopped && r.at <= gap.started)).toBe(true);
      expect(mine.at(-1)?.status).toBe(200);
    }
    // No process died or was restarted; every worker noticed the outage (its loop backing off, or
    // a send waiting to be recorded) and sent again after it, by itself.
    expect(running.all.map((p) => p.child.pid)).toEqual(processes);
    for (const p of running.all) expect([p.child.exitCode, p.child.signalCode]).toEqual([null, null]);
    for (const [slot, worker] of running.workers.entries()) {
      const noticed = worker.logs.filter((line) =>
        /outbox run failed; will retry|recording a sent message failed|delivery crashed/.test(line),
      );
      expect(noticed.length, `worker-${slot}`).toBeGreaterThan(0);
      const after = peer.deliveries.filter((d) => d.sender === `worker-${slot}` && d.at > gap.started);
      expect(after.length, `worker-${slot}`).toBeGreaterThan(0);
    }
    for (const p of running.all) expect(p.logs.filter((l) => /uncaught|unhandled/i.test(l))).toEqual([]);

    const down = readyz.filter((r) => r.status !== 200).map((r) => r.at);
    const firstAfter = Math.min(...peer.deliveries.map((d) => d.at).filter((at) => at > gap.started));
    console.info(
      `[cluster] postgres restart: stop took ${gap.stopped - gap.stopping} ms, down ${gap.started - gap.stopped} ms; ` +
        `${unavailable.length} answers were 503 of ${answers.length}; /readyz not ready for ` +
        `${Math.max(...down) - Math.min(...down)} ms; first delivery ${firstAfter - gap.started} ms after the start; ` +
        `slowest answer ${slowest} ms; all ${total} accepted ${readyAgain - gap.started} ms after the start`,
    );
  }, 300_000);
});
