/**
 * A retry loop can never spin: attempts are spaced by the backoff schedule and bounded in count,
 * whether the peer keeps deferring, the delivery keeps crashing, or the database is away.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../core/delivery-error.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Mailer, OutgoingMail, Store } from '../core/ports.js';
import { nextRetryDelay, type RetryPolicy } from '../core/retry-policy.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { systemClock } from '../runtime/system-clock.js';
import { startSmtpPeer } from '../testing/smtp-peer.js';
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeMailer(fail?: () => Error): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
      const error = fail?.();
      if (error) throw error;
      return { response: '250 ok' };
    },
    async close() {},
  };
}

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
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.cleanup());

  async function queue(core = t.core) {
    const inviter = await createMember(core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(core, { inviterId: inviter.id, email: 'bob@example.net' });
    const [message] = await core.store.listMessagesForInvitation(invitation.id);
    if (!message) throw new Error('nothing queued');
    return { invitation, message };
  }

  it('against a peer that always answers 451: attempts follow the schedule, then stop', async () => {
    const peer = await startSmtpPeer();
    const rcpts: number[] = [];
    peer.answerRcpt = () => {
      rcpts.push(Date.now());
      return { code: 451, message: '4.3.0 try again later' };
    };
    const core = { ...t.core, clock: systemClock };
    const { invitation, message } = await queue(core);
    const mailer = createSmtpMailer({ url: peer.url, pool: false });
    const deps = testDeliveryDeps(core, mailer, { retry: policy });
    const worker = createOutboxWorker(deps, { pollMs: 5, leaseMs: 10_000, batchSize: 10 });
    worker.start();
    try {
      const deadline = Date.now() + 15_000;
      while ((await core.store.getMessage(message.id))?.state === 'queued' && Date.now() < deadline)
        await sleep(20);
      const failedAt = rcpts.length;
      // Polls go on every 5 ms; none of them may try again.
      await sleep(400);
      expect(rcpts).toHaveLength(policy.maxAttempts);
      expect(failedAt).toBe(policy.maxAttempts);
      for (let n = 1; n < rcpts.length; n++) {
        expect((rcpts[n] ?? 0) - (rcpts[n - 1] ?? 0)).toBeGreaterThanOrEqual(lower(n));
      }
      expect(await core.store.getMessage(message.id)).toMatchObject({
        state: 'failed',
        attempts: policy.maxAttempts,
        leaseUntil: null,
      });
      expect((await core.store.getMessage(message.id))?.lastError).toMatch(/^ETEMPFAIL/);
      expect((await core.store.getInvitation(invitation.id))?.delivery).toBe('failed');
      // A deferral is not a bounce: the address stays mailable.
      expect(await core.store.findSuppressions(message.toKey)).toEqual([]);
    } finally {
      await worker.stop();
      await mailer.close();
      await peer.close();
    }
  });

  it('schedules each retry within the backoff bounds, and claims nothing before it is due', async () => {
    const { message } = await queue();
    const mailer = fakeMailer(() => new DeliveryError('ETEMPFAIL', '451 later', { responseCode: 451 }));
    const deps = testDeliveryDeps(t.core, mailer, { retry: policy });
    const worker = createOutboxWorker(deps, { pollMs: 5, leaseMs: 60_000, batchSize: 10 });
    for (let attempt = 1; attempt <= policy.maxAttempts + 2; attempt++) {
      const before = t.clock.now().getTime();
      const outcomes = await worker.runOnce();
      const row = await t.core.store.getMessage(message.id);
      if (attempt > policy.maxAttempts) {
        expect(outcomes).toEqual([]);
        continue;
      }
      expect(outcomes).toEqual([attempt < policy.maxAttempts ? 'retry' : 'failed']);
      if (row?.state !== 'queued') break;
      const delay = Date.parse(row.dueAt) - before;
      expect(delay).toBeGreaterThanOrEqual(lower(attempt));
      expect(delay).toBeLessThanOrEqual(upper(attempt));
      // Not due yet: nothing to claim, however often the loop polls.
      expect(await worker.runOnce()).toEqual([]);
      t.clock.set(new Date(Date.parse(row.dueAt) - 1));
      expect(await worker.runOnce()).toEqual([]);
      t.clock.set(new Date(row.dueAt));
    }
    expect(mailer.sent).toHaveLength(policy.maxAttempts);
    expect(await t.core.store.getMessage(message.id)).toMatchObject({ state: 'failed' });
  });

  it('retries a delivery that crashes only once per lease, and gives it up after the last attempt', async () => {
    const { message } = await queue();
    const mailer = fakeMailer();
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
    expect(mailer.sent).toEqual([]);
    expect(await t.core.store.getMessage(message.id)).toMatchObject({ state: 'failed' });
  });

  it('keeps running through a database outage, backing off, and sends once it is back', async () => {
    let down = true;
    let failedClaims = 0;
    const store = flakyStore(t.core.store, (method) => {
      if (!down || method !== 'claimDueMessages') return undefined;
      failedClaims++;
      return new Error('Connection terminated unexpectedly');
    });
    const core = { ...t.core, clock: systemClock };
    await queue(core);
    const mailer = fakeMailer();
    const logged: string[] = [];
    const logger = {
      ...silentLogger,
      error: (_: object, m: string) => logged.push(m),
      info: (_: object, m: string) => logged.push(m),
    };
    const deps = testDeliveryDeps(core, mailer, { store, retry: policy, logger });
    const worker = createOutboxWorker(deps, {
      pollMs: 10,
      leaseMs: 60_000,
      batchSize: 10,
      outageRetryMaxMs: 160,
    });
    worker.start();
    try {
      await sleep(800);
      // 10, 20, 40, 80, 160, 160… ms apart: a handful of tries, not one per 10 ms poll.
      expect(failedClaims).toBeGreaterThanOrEqual(3);
      expect(failedClaims).toBeLessThanOrEqual(12);
      down = false;
      const deadline = Date.now() + 5_000;
      while (mailer.sent.length === 0 && Date.now() < deadline) await sleep(10);
      expect(mailer.sent).toHaveLength(1);
      expect(logged.filter((m) => m === 'outbox run failed; will retry')).toHaveLength(failedClaims);
      expect(logged).toContain('outbox runs again');
    } finally {
      await worker.stop();
    }
  });
});
