/**
 * A retry loop can never spin: attempts are spaced by the backoff schedule and bounded in count,
 * whether the peer keeps deferring, the delivery keeps crashing, or the database is away. Time is the
 * core's manual clock, and the loop's own waits are fake timers, so each bound is exact whatever the
 * machine's load; the mail goes to a real SMTP peer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Mailer, Store } from '../core/ports.js';
import { nextRetryDelay, type RetryPolicy } from '../core/retry-policy.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { createTestCore, silentLogger, type TestCore, testDeliveryDeps } from '../testing/test-core.js';
import { createOutboxWorker } from './outbox-worker.js';

const policy: RetryPolicy = {
  baseDelayMs: 40,
  maxDelayMs: 120,
  maxAttempts: 5,
  maxAgeMs: 60_000,
  jitter: 0.2,
};
/** The shortest and longest delay the schedule allows after attempt `n`. */
const lower = (n: number) => nextRetryDelay(policy, n, 0, () => 0) ?? Number.NaN;
const upper = (n: number) => nextRetryDelay(policy, n, 0, () => 1) ?? Number.NaN;

/** A store whose methods throw `error()` whenever it returns one. */
function flakyStore(store: Store, error: (method: string) => Error | undefined): Store {
  return new Proxy(store, {
    get(target, method: string) {
      const value = Reflect.get(target, method);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const failure = error(method);
        return failure ? Promise.reject(failure) : value.apply(target, args);
      };
    },
  });
}

describe('outbox worker retries', () => {
  let t: TestCore;
  let peer: SmtpPeer;
  let mailer: Mailer;
  beforeEach(async () => {
    t = await createTestCore();
    peer = await startSmtpPeer();
    mailer = createSmtpMailer({ url: peer.url, pool: false });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await mailer.close();
    await peer.close();
    await t.cleanup();
  });

  async function queue() {
    const inviter = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(t.core, { inviterId: inviter.id, email: 'bob@example.net' });
    const [message] = await t.core.store.listMessagesForInvitation(invitation.id);
    if (!message) throw new Error('nothing queued');
    return { invitation, message };
  }

  it('against a peer that always answers 451: retries within the backoff bounds, never early, then stops', async () => {
    const { invitation, message } = await queue();
    const rcpts: number[] = [];
    peer.answerRcpt = () => {
      rcpts.push(t.clock.now().getTime());
      return { code: 451, message: '4.3.0 try again later' };
    };
    const deps = testDeliveryDeps(t.core, mailer, { retry: policy });
    const worker = createOutboxWorker(deps, { pollMs: 5, leaseMs: 60_000, batchSize: 10 });
    for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
      const before = t.clock.now().getTime();
      expect(await worker.runOnce()).toEqual(['retry']);
      const row = await t.core.store.getMessage(message.id);
      expect(row).toMatchObject({ state: 'queued', attempts: attempt, leaseUntil: null });
      const dueAt = Date.parse(row?.dueAt ?? '');
      expect(dueAt - before).toBeGreaterThanOrEqual(lower(attempt));
      expect(dueAt - before).toBeLessThanOrEqual(upper(attempt));
      // Not due yet: nothing to claim, however often the loop polls.
      expect(await worker.runOnce()).toEqual([]);
      t.clock.set(new Date(dueAt - 1));
      expect(await worker.runOnce()).toEqual([]);
      t.clock.set(new Date(dueAt));
    }
    expect(await worker.runOnce()).toEqual(['failed']);
    // Given up: however long the loop goes on polling, nothing is tried again.
    t.clock.advance(policy.maxAgeMs);
    expect(await worker.runOnce()).toEqual([]);

    expect(rcpts).toHaveLength(policy.maxAttempts);
    for (let n = 1; n < rcpts.length; n++) {
      expect((rcpts[n] ?? 0) - (rcpts[n - 1] ?? 0)).toBeGreaterThanOrEqual(lower(n));
    }
    expect(peer.received).toEqual([]);
    expect(await t.core.store.getMessage(message.id)).toMatchObject({
      state: 'failed',
      attempts: policy.maxAttempts,
      leaseUntil: null,
    });
    expect((await t.core.store.getMessage(message.id))?.lastError).toMatch(/^ETEMPFAIL/);
    expect((await t.core.store.getInvitation(invitation.id))?.delivery).toBe('failed');
    // A deferral is not a bounce: the address stays mailable.
    expect(await t.core.store.findSuppressions(message.toKey)).toEqual([]);
  });

  it('retries a delivery that crashes only once per lease, and gives it up after the last attempt', async () => {
    const { message } = await queue();
    const store = flakyStore(t.core.store, (method) =>
      method === 'getMember' ? new Error('renderer bug') : undefined,
    );
    const deps = testDeliveryDeps(t.core, mailer, { store, retry: policy });
    const worker = createOutboxWorker(deps, { pollMs: 5, leaseMs: 60_000, batchSize: 10 });
    const outcomes: string[] = [];
    for (let claim = 1; claim <= policy.maxAttempts + 3; claim++) {
      outcomes.push(...(await worker.runOnce()));
      // The lease holds it: polling again claims nothing.
      expect(await worker.runOnce()).toEqual([]);
      t.clock.advance(60_000);
    }
    expect(outcomes).toEqual([...Array(policy.maxAttempts).fill('retry'), 'failed']);
    expect(peer.connections).toBe(0);
    expect(await t.core.store.getMessage(message.id)).toMatchObject({ state: 'failed' });
  });

  it('keeps running through a database outage, backing off, and sends once it is back', async () => {
    let down = true;
    /** When each claim failed, on the fake timers' clock. */
    const failedClaims: number[] = [];
    const store = flakyStore(t.core.store, (method) => {
      if (!down || method !== 'claimDueMessages') return undefined;
      failedClaims.push(Date.now());
      return new Error('Connection terminated unexpectedly');
    });
    await queue();
    const logged: string[] = [];
    const logger = {
      ...silentLogger,
      error: (_: object, m: string) => logged.push(m),
      info: (_: object, m: string) => logged.push(m),
    };
    const deps = testDeliveryDeps(t.core, mailer, { store, retry: policy, logger });
    const worker = createOutboxWorker(deps, {
      pollMs: 10,
      leaseMs: 60_000,
      batchSize: 10,
      outageRetryMaxMs: 160,
    });
    // The loop waits with setTimeout: fake timers make its back-off exact, whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      worker.start();
      await vi.advanceTimersByTimeAsync(800);
      // Each failure doubles the wait from the 10 ms poll, up to 160 ms: a handful of tries in
      // 800 ms, not one per poll.
      const gaps = failedClaims.slice(1).map((at, i) => at - (failedClaims[i] ?? 0));
      expect(gaps).toEqual([20, 40, 80, 160, 160, 160, 160]);
      down = false;
      await vi.advanceTimersByTimeAsync(160);
    } finally {
      vi.useRealTimers();
    }
    await peer.waitFor(1);
    await worker.stop();
    expect(peer.received).toHaveLength(1);
    expect(logged.filter((m) => m === 'outbox run failed; will retry')).toHaveLength(failedClaims.length);
    expect(logged).toContain('outbox runs again');
  });
});
