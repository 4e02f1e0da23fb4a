/**
 * Core dependencies over a real store (a temp SQLite file unless a database URL is given) for tests
 * that exercise use cases without HTTP. The clock is settable so tests can move through time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreDeps } from '../core/deps.js';
import type { Suppression } from '../core/model.js';
import type { Logger, Mailer } from '../core/ports.js';
import { defaultRetryPolicy } from '../core/retry-policy.js';
import { defaultRules, type Rules } from '../core/rules.js';
import { createSuppressionKeyer } from '../core/suppression-key.js';
import { hashToken } from '../core/tokens.js';
import type { MailSettings } from '../mail/compose/mail-settings.js';
import type { DeliveryDeps } from '../outbox/deliver-message.js';
import { randomIds } from '../runtime/random-ids.js';
import { openStore } from '../store/open-store.js';

export interface ManualClock {
  now(): Date;
  set(at: Date): void;
  advance(ms: number): void;
}

export function manualClock(start = new Date('2026-03-03T09:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Mail settings for tests that render real messages. */
export const testMailSettings: MailSettings = {
  brand: 'Kindly',
  fromAddress: 'invitations@kindly.test',
  bounceDomain: 'kindly.test',
  postalAddress: '1 Test Street',
  baseUrl: 'https://kindly.test',
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** What the worker needs around a core in tests: test mail settings, DESIGN's retry policy, no log. */
export function testDeliveryDeps(
  core: CoreDeps,
  mailer: Mailer,
  overrides: Partial<DeliveryDeps> = {},
): DeliveryDeps {
  return {
    ...core,
    mailer,
    mail: testMailSettings,
    retry: defaultRetryPolicy,
    logger: silentLogger,
    ...overrides,
  };
}

export interface TestCore {
  core: CoreDeps;
  clock: ManualClock;
  secret: string;
  cleanup(): Promise<void>;
}

export interface TestCoreOptions {
  databaseUrl?: string;
  /** Rules other than DESIGN's defaults, e.g. no inviter limits for a test about something else. */
  rules?: Partial<Rules>;
}

export async function createTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dir = options.databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), 'kindly-core-'));
  const url = options.databaseUrl ?? `sqlite:${path.join(dir ?? '', 'kindly.db')}`;
  const { store } = await openStore(url, { migrate: true });
  const clock = manualClock();
  const secret = randomBytes(32).toString('base64url');
  return {
    core: {
      store,
      clock,
      ids: randomIds,
      keyOf: createSuppressionKeyer(secret),
      rules: { ...defaultRules, ...options.rules },
      brand: testMailSettings.brand,
    },
    clock,
    secret,
    async cleanup() {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes a suppression row straight to the store, as another process's bounce or stop handler would:
 * no event and nothing cancelled, so only the check at hand-off stands between it and queued mail.
 * Global unless `scope` says otherwise.
 */
export function addSuppressionRow(
  core: CoreDeps,
  row: Pick<Suppression, 'key' | 'reason'> & Partial<Pick<Suppression, 'scope'>>,
): Promise<void> {
  return core.store.addSuppression({
    scope: 'global',
    source: 'test',
    createdAt: core.clock.now().toISOString(),
    ...row,
  });
}

/** A stop link's token for `email`, as if a message to it had been rendered: what mailto unsubscribes carry. */
export function insertStopToken(core: CoreDeps, token: string, email: string): Promise<void> {
  return core.store.insertToken({
    hash: hashToken(token),
    purpose: 'stop',
    invitationId: null,
    addressKey: core.keyOf(email),
    messageId: null,
    createdAt: core.clock.now().toISOString(),
  });
}
