/**
 * Issue 3, must show: during a 2,000-message run, `kill -9` a worker at random moments (12 times,
 * restarting it each time). Every message is delivered, duplicates ≤ kills, and no message reaches
 * an address whose suppression was committed before that message's send began.
 *
 * "Send began" is the hand-off statement (`messages.handoff_at`), which checks consent and marks
 * the send in one step. A suppression committed before its API call answered is therefore always
 * seen by a hand-off that starts after that answer: a delivery with `handoff_at` later than the
 * answer would be a breach. A message can be handed off more than once (its first worker died);
 * the row keeps the latest time, which bounds every earlier copy from above.
 */
import { describe, expect, it } from 'vitest';
import {
  countByMessageId,
  createInviters,
  type InviteCall,
  inviteAll,
  outboxIdOf,
  seededRandom,
  sleep,
} from '../../src/testing/cluster-load.js';
import { useClusterRun } from '../../src/testing/cluster-run.js';
import { createTestPostgresDatabase } from '../../src/testing/postgres-database.js';

const total = 2_000;
const kills = 12;
const database = await createTestPostgresDatabase('the cluster crash test');
const random = seededRandom(20261126);

/** 1,900 addresses invited once and 50 invited by two inviters, the second time 1,000 calls later. */
function plan(inviters: string[]): InviteCall[] {
  const calls: InviteCall[] = [];
  for (let i = 0; i < total - 50; i++) {
    if (i < 50) calls.push({ inviterId: inviters[i] as string, email: `shared${i}@example.org` });
    else calls.push({ inviterId: inviters[i % inviters.length] as string, email: `r${i}@example.net` });
    if (i >= 1000 && i < 1050)
      calls.push({
        inviterId: inviters[(i + 7) % inviters.length] as string,
        email: `shared${i - 1000}@example.org`,
      });
  }
  return calls;
}

describe.skipIf(database === null)('kill -9 of workers during a 2,000-message run', () => {
  const run = useClusterRun(database, {
    apis: 2,
    workers: 3,
    // One message in flight per worker: a kill can leave at most one sent-but-unrecorded.
    env: {
      KINDLY_WORKER_POLL_MS: '50',
      KINDLY_WORKER_BATCH: '5',
      KINDLY_WORKER_CONCURRENCY: '1',
      KINDLY_LEASE_MS: '2000',
    },
  });

  it('loses nothing, duplicates at most once per kill, and honours every suppression', async () => {
    const { peer, cluster, outbox } = run();
    const running = cluster;
    const calls = plan(await createInviters(running, 250));
    /** Address → when its suppression's API call was sent and answered. */
    const suppressed = new Map<string, { sent: number; answered: number; how: string }>();
    const suppress = async (email: string, how: 'api' | 'one-click', url?: string) => {
      const sent = Date.now();
      const response =
        how === 'api'
          ? await running.api(sent).api('POST', '/v1/suppressions', { email, reason: 'request' })
          : await fetch(url ?? '', {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: 'List-Unsubscribe=One-Click',
            });
      expect([200, 201]).toContain(response.status);
      suppressed.set(email, { sent, answered: Date.now(), how });
    };

    // The operator suppresses 40 single addresses at random moments, each one already invited
    // and not yet delivered when picked (so queued, leased, or being sent right then); one-click
    // stops come on the first mail of 30 shared addresses, whose second invitation may be queued.
    const invited: string[] = [];
    const stopping = (async () => {
      for (let n = 0; n < 40; n++) {
        await sleep(200 + random() * 400);
        const delivered = new Set(peer.deliveries.map((d) => d.to));
        const open = invited.filter((e) => e.startsWith('r') && !delivered.has(e) && !suppressed.has(e));
        const email = open[Math.floor(random() * open.length)];
        if (email) await suppress(email, 'api');
      }
    })();
    const oneClicks = (async () => {
      const done = new Set<string>();
      while (done.size < 30) {
        const first = peer.deliveries.find((d) => d.to.startsWith('shared') && !done.has(d.to));
        if (!first) {
          await sleep(100);
          continue;
        }
        done.add(first.to);
        await suppress(first.to, 'one-click', first.unsubscribeUrl);
      }
    })();

    // The chaos: kill k comes once deliveries pass a random point of the k-th fourteenth of the run.
    const killedAt: number[] = [];
    const restarts: Promise<void>[] = [];
    const restarting = new Set<number>();
    const chaos = (async () => {
      for (let k = 0; k < kills; k++) {
        const threshold = Math.floor(((k + 0.5 + random()) * total) / (kills + 2));
        while (peer.deliveries.length < threshold) await sleep(20);
        await sleep(random() * 100);
        let slot = Math.floor(random() * 3);
        while (restarting.has(slot)) {
          slot = (slot + 1) % 3;
          if (restarting.size === 3) await sleep(50);
        }
        restarting.add(slot);
        killedAt.push(peer.deliveries.length);
        restarts.push(running.restartWorker(slot).finally(() => restarting.delete(slot)));
      }
    })();

    const started = Date.now();
    const results = await inviteAll(running, calls, 16, (r) => invited.push(r.email));
    const created = Date.now();
    await Promise.all([stopping, oneClicks, chaos]);
    await Promise.all(restarts);
    const invitationIds = new Set(results.map((r) => r.invitationId));
    expect(invitationIds.size).toBe(total);

    // Wait until no invitation message is left queued (leases of killed workers run out first).
    let rows = await outbox.rows();
    const deadline = Date.now() + 120_000;
    while (rows.some((r) => r.state === 'queued') && Date.now() < deadline) {
      await sleep(250);
      rows = await outbox.rows();
    }
    await sleep(1_000);
    rows = await outbox.rows();

    const counts = countByMessageId(peer.deliveries);
    const duplicates = peer.deliveries.length - counts.size;
    const received = new Set([...counts.keys()].map(outboxIdOf));
    expect(killedAt).toHaveLength(kills);
    expect(duplicates).toBeLessThanOrEqual(kills);
    // Every message went out, unless a suppression of its address stopped it.
    for (const row of rows) {
      if (row.state === 'sent') expect(received.has(row.id), row.id).toBe(true);
      else {
        expect(['cancelled', 'suppressed'], `${row.id} is ${row.state}`).toContain(row.state);
        expect(suppressed.has(row.email ?? ''), `${row.email} was not suppressed`).toBe(true);
      }
    }
    // Nothing was received that the outbox did not send, except a copy whose worker was killed
    // after SMTP accepted it and before recording it, when a suppression answered later cancelled
    // the row: its send had begun before that suppression, and it counts against the kills.
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unrecorded = [...received].filter((id) => byId.get(id)?.state !== 'sent');
    expect(unrecorded.length).toBeLessThanOrEqual(kills);
    for (const id of unrecorded) {
      const row = byId.get(id);
      const stop = suppressed.get(row?.email ?? '');
      if (!stop)
        throw new Error(`${id} reached the peer but is ${row?.state}, and its address was never suppressed`);
      expect(row?.handoff_at, id).toBeTruthy();
      expect(Date.parse(row?.handoff_at ?? ''), id).toBeLessThanOrEqual(stop.answered);
    }
    // No send began after a suppression of its address had been answered (so committed).
    let afterAnswer = 0;
    for (const delivery of peer.deliveries) {
      const stop = suppressed.get(delivery.to);
      if (!stop) continue;
      const row = byId.get(outboxIdOf(delivery.messageId));
      expect(row?.handoff_at, delivery.messageId).toBeTruthy();
      expect(Date.parse(row?.handoff_at ?? ''), `${delivery.to} (${stop.how})`).toBeLessThanOrEqual(
        stop.answered,
      );
      if (delivery.at > stop.answered) afterAnswer++;
    }

    const stopped = rows.filter((r) => r.state !== 'sent').length;
    console.info(
      `[cluster] crash: ${kills} kills at deliveries ${killedAt.join(',')}; ${peer.deliveries.length} deliveries, ` +
        `${counts.size} distinct, ${duplicates} duplicates (${(duplicates / kills).toFixed(2)} per kill); ` +
        `${stopped} messages stopped by ${suppressed.size} suppressions (${unrecorded.length} of them had reached the peer ` +
        `before their worker was killed); ${afterAnswer} copies reached the ` +
        `peer after a suppression answered (their send had begun before it); all accepted after ${created - started} ms, ` +
        `last delivery after ${Math.max(...peer.deliveries.map((d) => d.at)) - started} ms`,
    );
  }, 300_000);
});
