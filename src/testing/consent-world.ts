/**
 * Kindly's consent rules on a real database of either kind, for the tests that must run on both
 * (the property test, the redaction scan): the store, core deps on a manual clock, a real SMTP peer,
 * and two outbox workers (SMTP and the dev mailbox) sharing the store. One world serves a whole
 * `describe` (`useConsentWorld`); `reset` empties it between cases. (Test-only.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { CoreDeps } from '../core/deps.js';
import type { Mailer } from '../core/ports.js';
import { defaultRules } from '../core/rules.js';
import { createSuppressionKeyer } from '../core/suppression-key.js';
import { createDevMailbox } from '../mail/transports/dev-mailbox.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outbox-worker.js';
import { randomIds } from '../runtime/random-ids.js';
import { openStore } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { emptyDatabase } from './empty-database.js';
import { testBackends } from './postgres-database.js';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.js';
import { type ManualClock, manualClock, testDeliveryDeps, testMailSettings } from './test-core.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Empty for a skipped backend. */
  url: string;
  drop(): Promise<void>;
  /** Postgres is not reachable: `describeBackends` lists the suite's tests as skipped. */
  skip?: boolean;
}

/**
 * A fresh SQLite file, and a fresh Postgres database when the server is reachable (or required);
 * otherwise a skipped Postgres row. Run a suite over them with `describeBackends`.
 */
export async function consentBackends(what: string): Promise<Backend[]> {
  return (await testBackends(what)).map(({ name, url, drop, skip }) => {
    if (skip) return { name, url: '', drop: async () => {}, skip };
    if (url && drop) return { name, url, drop };
    const dir = mkdtempSync(path.join(tmpdir(), 'kindly-consent-'));
    return {
      name,
      url: `sqlite:${path.join(dir, 'kindly.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}

export interface ConsentWorld {
  core: CoreDeps;
  clock: ManualClock;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  peer: SmtpPeer;
  /** Sends through the SMTP peer. */
  smtp: OutboxWorker;
  /** Keeps mail in the dev mailbox (the `dev_mail` table). */
  devMailbox: OutboxWorker;
  /** Empties the database, restarts the clock, forgets what the peer received and lets it accept again. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const worldStart = new Date('2026-03-03T09:00:00.000Z');

async function openConsentWorld(backend: Backend): Promise<ConsentWorld> {
  const { store, db, dialect } = await openStore(backend.url);
  const clock = manualClock(worldStart);
  const core: CoreDeps = {
    store,
    clock,
    ids: randomIds,
    keyOf: createSuppressionKeyer(randomBytes(32).toString('base64url')),
    rules: defaultRules,
    brand: testMailSettings.brand,
  };
  const peer = await startSmtpPeer();
  const smtpMailer = createSmtpMailer({ url: peer.url });
  const worker = (mailer: Mailer) =>
    createOutboxWorker(testDeliveryDeps(core, mailer), { pollMs: 1000, leaseMs: 60_000, batchSize: 50 });
  return {
    core,
    clock,
    db,
    dialect: dialect.name,
    peer,
    smtp: worker(smtpMailer),
    devMailbox: worker(createDevMailbox({ store, clock, newId: () => randomIds.id('msg') })),
    async reset() {
      await emptyDatabase(db);
      clock.set(worldStart);
      peer.received.length = 0;
      peer.answerRcpt = () => 'accept';
      peer.answerData = () => 'accept';
    },
    async close() {
      await smtpMailer.close();
      await peer.close();
      await store.close();
    },
  };
}

/**
 * One world on `backend` for the enclosing `describe`: opened before its first case, emptied before
 * each, closed and its database dropped after the last. The object is filled in by `beforeAll`, so
 * read it from hooks and cases only.
 */
export function useConsentWorld(backend: Backend): ConsentWorld {
  const world = {} as ConsentWorld;
  let opened: ConsentWorld | undefined;
  beforeAll(async () => {
    opened = await openConsentWorld(backend);
    Object.assign(world, opened);
  });
  afterAll(async () => {
    await opened?.close();
    await backend.drop();
  });
  beforeEach(() => world.reset());
  return world;
}
