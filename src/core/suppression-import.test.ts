import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Database } from '../store/schema.js';
import { scanDatabase } from '../testing/database-scan.js';
import { describeBackends } from '../testing/describe-backends.js';
import { emptyDatabase } from '../testing/empty-database.js';
import { testBackends } from '../testing/postgres-database.js';
import { createTestCore, type TestCore } from '../testing/test-core.js';
import type { CoreDeps } from './deps.js';
import { invite } from './invite.js';
import { createMember } from './members.js';
import { suppress } from './suppress.js';
import { type ImportEntry, type ImportSummary, importSuppressions } from './suppression-import.js';

const backends = await testBackends('the Postgres half of the suppression import tests');
const postgres = backends.find((b) => b.url);
// One Postgres database for the file, emptied before each case; SQLite gets a fresh file each time.
const shared = postgres?.url ? await openStore(postgres.url) : undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'kindly-import-'));
let files = 0;

afterAll(async () => {
  await shared?.store.close();
  await postgres?.drop?.();
  rmSync(dir, { recursive: true, force: true });
});

const entriesOf = (list: readonly string[]): ImportEntry[] =>
  list.map((address, index) => ({ address, index }));

describeBackends(backends, 'suppression import on $name', ({ name, url }) => {
  let t: TestCore;
  let databaseUrl: string;
  beforeEach(async () => {
    if (url && shared) await emptyDatabase(shared.db as Kysely<Database>);
    databaseUrl = url ?? `sqlite:${path.join(dir, `import-${++files}.db`)}`;
    t = await createTestCore({ databaseUrl });
  });
  afterEach(() => t.cleanup());

  const run = (
    list: readonly string[],
    options: { reason?: string; scope?: string; batchSize?: number } = {},
  ) => importSuppressions(t.core, entriesOf(list), { actor: 'operator', ...options });

  it('adds the valid, reports the invalid by index and code, and counts repeats and known ones as existing', async () => {
    await suppress(t.core, {
      key: t.core.keyOf('already@example.net'),
      scope: 'global',
      reason: 'complaint',
      source: 'api',
      actor: 'operator',
    });
    await suppress(t.core, {
      key: t.core.keyOf('scoped@example.net'),
      scope: 'inviter:mem_x',
      reason: 'decline-block',
      source: 'page',
      actor: 'recipient',
    });
    const before = t.clock.now().toISOString();
    t.clock.advance(60_000);
    const list = [
      'ann@example.org', // 0 added
      'not an address', // 1 invalid
      'Jane.Doe+news@GMAIL.com', // 2 added
      'janedoe@gmail.com', // 3 the same mailbox, in the same batch
      'jane.doe@googlemail.com', // 4 the same mailbox again, in the next batch
      'ann@example.org', // 5 a repeat
      'already@example.net', // 6 already suppressed here
      '', // 7 invalid
      'Bob <bob@example.net>', // 8 invalid: a display name
      'scoped@example.net', // 9 added: suppressed only for one inviter so far
      'ANN@EXAMPLE.ORG', // 10 the same address in capitals
    ];
    const summary = await run(list, { batchSize: 3 });
    expect(summary).toEqual<ImportSummary>({
      read: 11,
      added: 3,
      existing: 5,
      invalid: [
        { index: 1, code: 'invalid_email' },
        { index: 7, code: 'invalid_email' },
        { index: 8, code: 'invalid_email' },
      ],
      invalidCount: 3,
    });

    const imported = {
      scope: 'global',
      reason: 'request',
      source: 'import',
      createdAt: t.clock.now().toISOString(),
    };
    for (const address of ['ann@example.org', 'janedoe@gmail.com']) {
      const key = t.core.keyOf(address);
      expect(await t.core.store.findSuppressions(key)).toEqual([{ key, ...imported }]);
      expect((await t.core.store.listEvents('suppression', key)).map((e) => e.data)).toEqual([
        { scope: 'global', reason: 'request', source: 'import' },
      ]);
    }
    const scoped = t.core.keyOf('scoped@example.net');
    expect((await t.core.store.findSuppressions(scoped, 'mem_x')).map((s) => s.scope)).toEqual([
      'inviter:mem_x',
      'global',
    ]);
    // Nothing rewritten: the complaint keeps its reason, source and time, and gets no second event.
    const already = t.core.keyOf('already@example.net');
    expect(await t.core.store.findSuppressions(already)).toEqual([
      { key: already, scope: 'global', reason: 'complaint', source: 'api', createdAt: before },
    ]);
    expect(await t.core.store.listEvents('suppression', already)).toHaveLength(1);

    // Run again: everything valid is now existing.
    expect(await run(list)).toMatchObject({ read: 11, added: 0, existing: 8, invalidCount: 3 });
  });

  it('closes pending invitations to imported addresses as undeliverable and cancels their mail', async () => {
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    const dave = await createMember(t.core, { email: 'dave@example.org', name: 'Dave' });
    const invited = async (inviterId: string, email: string) =>
      (await invite(t.core, { inviterId, email, reminders: 2 })).invitation.id;
    const bobFromAlice = await invited(alice.id, 'bob@example.net');
    const bobFromDave = await invited(dave.id, 'Bob@Example.NET');
    const carolFromAlice = await invited(alice.id, 'carol@example.net');
    const carolFromDave = await invited(dave.id, 'carol@example.net');
    const erinFromAlice = await invited(alice.id, 'erin@example.net');
    // Events of one instant are ordered by their random ids.
    t.clock.advance(60_000);

    expect(await run(['BOB@example.net'], { reason: 'hard-bounce' })).toMatchObject({ added: 1 });
    expect(await run(['carol@example.net'], { scope: `inviter:${dave.id}` })).toMatchObject({ added: 1 });

    const state = async (id: string) => {
      const invitation = await t.core.store.getInvitation(id);
      const messages = await t.core.store.listMessagesForInvitation(id);
      return { state: invitation?.state, delivery: invitation?.delivery, mail: messages.map((m) => m.state) };
    };
    const closed = { state: 'undeliverable', delivery: 'failed', mail: ['cancelled'] };
    const open = { state: 'pending', delivery: 'queued', mail: ['queued'] };
    expect(await state(bobFromAlice)).toEqual(closed);
    expect(await state(bobFromDave)).toEqual(closed);
    expect(await state(carolFromDave)).toEqual(closed);
    expect(await state(carolFromAlice)).toEqual(open);
    expect(await state(erinFromAlice)).toEqual(open);
    const events = await t.core.store.listEvents('invitation', bobFromAlice);
    expect(events.at(-1)).toMatchObject({
      action: 'invitation.undeliverable',
      data: { cause: 'hard-bounce' },
    });
  });

  it('keeps no imported address in clear anywhere in the database, events included', async () => {
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    await invite(t.core, { inviterId: alice.id, email: 'invited.person@example.net' });
    const never = ['secret.one@example.net', 'Secret.Two+tag@gmail.com', 'third-secret@example.org'];
    const summary = await run([...never, 'invited.person@example.net', 'nope'], { reason: 'complaint' });
    expect(summary).toMatchObject({ read: 5, added: 4, invalidCount: 1 });

    const { db, store } = await openStore(databaseUrl);
    try {
      const dialect = name;
      for (const address of never) {
        const scan = await scanDatabase(db, dialect, address);
        expect(scan.scanned).toEqual(
          expect.arrayContaining(['suppressions.key', 'events.data', 'events.subject_id']),
        );
        expect(scan.hits, address).toEqual([]);
      }
      expect((await scanDatabase(db, dialect, 'secret.two')).hits).toEqual([]);
      expect((await scanDatabase(db, dialect, 'secret')).hits).toEqual([]);
      // The invitation's own address was there before and stays until redaction; the import adds no copy.
      expect((await scanDatabase(db, dialect, 'invited.person@example.net')).hits.sort()).toEqual([
        'invitations.recipient_email',
        'messages.to_email',
      ]);
      // The scan does find what is there: the keys.
      expect((await scanDatabase(db, dialect, t.core.keyOf('secret.one@example.net'))).hits.sort()).toEqual([
        'events.subject_id',
        'suppressions.key',
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses reasons only Kindly records, unknown reasons and bad scopes before reading anything', async () => {
    const untouchable: Iterable<ImportEntry> = {
      [Symbol.iterator]() {
        throw new Error('the list was read');
      },
    };
    const attempt = (options: { reason?: string; scope?: string }) =>
      importSuppressions(t.core, untouchable, { actor: 'operator', ...options });
    for (const reason of ['decline-block', 'soft-bounce']) {
      await expect(attempt({ reason })).rejects.toMatchObject({
        code: 'invalid_input',
        detail: expect.stringContaining(`reason "${reason}" cannot be imported`),
      });
    }
    await expect(attempt({ reason: 'because' })).rejects.toMatchObject({
      code: 'invalid_input',
      detail: 'reason must be one of request, stop, hard-bounce, complaint, admin, erasure.',
    });
    await expect(attempt({ scope: 'everyone' })).rejects.toMatchObject({ code: 'invalid_input' });
    for (const reason of ['stop', 'request', 'hard-bounce', 'complaint', 'admin', 'erasure']) {
      expect(await run([`${reason}@example.net`], { reason })).toMatchObject({ added: 1 });
    }
  });

  it('commits batch by batch as it reads, and reports the totals after each', async () => {
    let transactions = 0;
    const store = t.core.store;
    const counting: CoreDeps = {
      ...t.core,
      store: {
        ...store,
        durableTransaction: (work) => {
          transactions += 1;
          return store.durableTransaction(work);
        },
      },
    };
    const seenWhileReading: boolean[] = [];
    async function* slowly(): AsyncGenerator<ImportEntry> {
      for (let index = 0; index < 5; index += 1) {
        // Before the third address is read, the first batch of two must already be on disk.
        if (index === 2)
          seenWhileReading.push((await store.findSuppressions(t.core.keyOf('a0@x.org'))).length > 0);
        yield { address: `a${index}@x.org`, index };
      }
    }
    const progress: unknown[] = [];
    const summary = await importSuppressions(counting, slowly(), {
      actor: 'operator',
      batchSize: 2,
      onProgress: (totals) => progress.push({ read: totals.read, added: totals.added }),
    });
    expect(summary).toMatchObject({ read: 5, added: 5 });
    expect(seenWhileReading).toEqual([true]);
    expect(transactions).toBe(3);
    expect(progress).toEqual([
      { read: 2, added: 2 },
      { read: 4, added: 4 },
      { read: 5, added: 5 },
    ]);
  });

  it('lists the first 100 invalid entries and counts the rest', async () => {
    const list = Array.from({ length: 150 }, (_, i) => (i === 120 ? 'ok@example.org' : `bad-${i}`));
    const summary = await run(list);
    expect(summary.invalidCount).toBe(149);
    expect(summary.invalid).toHaveLength(100);
    expect(summary.invalid.at(-1)).toEqual({ index: 99, code: 'invalid_email' });
    expect(summary).toMatchObject({ read: 150, added: 1, existing: 0 });
  });
});
