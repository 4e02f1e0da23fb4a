import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core.js';
import {
  type ContactFile,
  createContactImport,
  getContactImport,
  type ImportedContact,
  runContactImport,
  staleImportMs,
} from './contact-import.js';
import type { ContactImport } from './contacts-store.js';
import { KindlyError } from './errors.js';
import { leave } from './leave.js';
import { createMember } from './members.js';

async function* records(list: ImportedContact[], failAfter?: { count: number; error: Error }) {
  for (const [i, record] of list.entries()) {
    if (failAfter && i === failAfter.count) throw failAfter.error;
    yield record;
  }
}

const card = (line: number, name: string | null, ...emails: string[]): ImportedContact => ({
  line,
  name,
  emails,
});

describe('contact import job', () => {
  let t: TestCore;
  let memberId: string;

  beforeEach(async () => {
    t = await createTestCore();
    memberId = (await createMember(t.core, { email: 'alice@example.org', name: 'Alice' })).id;
  });
  afterEach(() => t.cleanup());

  async function start(format: ContactFile['format'] = 'vcard'): Promise<ContactImport> {
    return createContactImport(t.core, memberId, { knowsContacts: true, format, layout: 'test' });
  }

  async function book() {
    const contacts = await t.core.store.listContacts(memberId, { limit: 100 });
    return contacts
      .map((c) => ({ name: c.name, emails: c.addresses.map((a) => a.email), source: c.source }))
      .sort((a, b) => (a.emails[0] ?? '').localeCompare(b.emails[0] ?? ''));
  }

  it('merges by key within the file and with the book, one outcome a record, a batch at a time', async () => {
    const job = await start();
    const progress: number[] = [];
    const ended = await runContactImport(
      t.core,
      job,
      records([
        card(1, 'Bob', 'bob@example.net', 'bob@work.example'),
        card(2, null, 'Jane.Doe+news@gmail.com'),
        card(3, 'Jane Doe', 'janedoe@gmail.com', 'jane@home.example'),
        card(4, 'Nobody'),
        card(5, 'Broken', 'nope', 'also nope'),
        card(6, 'Half', 'half@example.net', 'not an address'),
        card(7, 'Bob B.', 'BOB@work.example'),
        card(8, 'Bell\u0007', 'bell@example.net'),
      ]),
      { batchSize: 3, onProgress: (now) => progress.push(now.read) },
    );
    expect(progress).toEqual([3, 6, 8]);
    expect(ended).toMatchObject({
      state: 'done',
      read: 8,
      added: 4,
      merged: 2,
      skipped: 1,
      invalidCount: 3,
      invalid: [
        { line: 5, code: 'invalid_email' },
        { line: 5, code: 'invalid_email' },
        { line: 6, code: 'invalid_email' },
      ],
      error: null,
    });
    expect(await getContactImport(t.core, memberId, job.id)).toEqual(ended);
    expect(await book()).toEqual([
      { name: null, emails: ['bell@example.net'], source: 'vcard' },
      { name: 'Bob', emails: ['bob@example.net', 'bob@work.example'], source: 'vcard' },
      { name: 'Half', emails: ['half@example.net'], source: 'vcard' },
      // The first spelling stays; the second record's other address and its name joined it.
      { name: 'Jane Doe', emails: ['Jane.Doe+news@gmail.com', 'jane@home.example'], source: 'vcard' },
    ]);
  });

  it('skips addresses whose owner asked to be erased, without saying why', async () => {
    const gone = await createMember(t.core, { email: 'gone@example.net', name: 'Gone' });
    await leave(t.core, gone.id, { tombstone: true, actor: 'operator' });
    const ended = await runContactImport(
      t.core,
      await start('csv'),
      records([card(2, 'Gone', 'gone@example.net'), card(3, 'Both', 'GONE@example.net', 'kept@example.net')]),
    );
    expect(ended).toMatchObject({ read: 2, added: 1, merged: 0, skipped: 1, invalid: [] });
    expect(await book()).toEqual([{ name: 'Both', emails: ['kept@example.net'], source: 'csv' }]);
  });

  it('ends failed with the reading error, keeping the batches written before it', async () => {
    const error = new KindlyError('payload_too_large');
    const list = [1, 2, 3, 4, 5].map((n) => card(n, null, `p${n}@example.net`));
    const ended = await runContactImport(t.core, await start(), records(list, { count: 4, error }), {
      batchSize: 2,
    });
    expect(ended).toMatchObject({ state: 'failed', error: 'payload_too_large', read: 4, added: 4 });
    expect(ended.finishedAt).not.toBeNull();
    expect((await book()).length).toBe(4);
  });

  it('stops writing into the book of a member who left mid-way', async () => {
    const job = await start();
    async function* leaving() {
      yield card(1, null, 'one@example.net');
      yield card(2, null, 'two@example.net');
      await leave(t.core, memberId, { tombstone: false, actor: 'operator' });
      yield card(3, null, 'three@example.net');
    }
    const ended = await runContactImport(t.core, job, leaving(), { batchSize: 2 });
    expect(ended).toMatchObject({ state: 'failed', error: 'not_found', read: 2 });
    expect(await t.core.store.listContacts(memberId, { limit: 10 })).toEqual([]);
  });

  it('shows a job whose process stopped as failed once it has been quiet for long', async () => {
    const job = await start();
    t.clock.advance(staleImportMs - 1000);
    expect((await getContactImport(t.core, memberId, job.id)).state).toBe('running');
    t.clock.advance(2000);
    expect(await getContactImport(t.core, memberId, job.id)).toMatchObject({
      state: 'failed',
      error: 'internal_error',
    });
  });

  it("refuses an import without the confirmation, and another member reads no one else's job", async () => {
    await expect(
      createContactImport(t.core, memberId, { knowsContacts: false, format: 'csv', layout: 'x' }),
    ).rejects.toMatchObject({ code: 'contacts_not_confirmed' });
    const job = await start();
    const bob = await createMember(t.core, { email: 'bob@example.org', name: 'Bob' });
    await expect(getContactImport(t.core, bob.id, job.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
