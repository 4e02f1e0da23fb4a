/**
 * Contacts and people you may know over HTTP, on SQLite and on Postgres, with a real SMTP peer behind
 * the worker: an import lists contacts and sends nothing, an unconfirmed import is refused, a batch of
 * chosen contacts sends one mail each saying where the address came from, a batch over the allowance
 * is refused whole, suggestions keep to members and the member's own book, and leaving leaves no
 * clear address behind.
 */
import { describe, expect, it } from 'vitest';
import { requestDoNotContact } from '../../core/do-not-contact.js';
import { dayMs } from '../../core/rules.js';
import { consentBackends, useConsentWorld } from '../../testing/consent-world.js';
import { scanDatabase } from '../../testing/database-scan.js';
import { worldApp } from '../../testing/world-app.js';

const backends = await consentBackends('the Postgres half of the contacts API tests');

describe.each(backends)('contacts and suggestions over HTTP on $name', (backend) => {
  const w = useConsentWorld(backend);
  const api = () => worldApp(w);

  async function member(email: string, name: string): Promise<string> {
    const response = await api().call('POST', '/v1/members', { email, name });
    expect(response.status).toBe(201);
    return (await response.json()).id;
  }

  async function connect(a: string, b: string): Promise<void> {
    await w.core.store.insertConnection({
      memberA: a,
      memberB: b,
      invitationId: null,
      createdAt: w.clock.now().toISOString(),
    });
  }

  async function importFile(app: ReturnType<typeof api>, memberId: string, csv: string) {
    const started = await app.upload(`/v1/members/${memberId}/contacts/imports?knowsContacts=true`, csv);
    expect(started.status).toBe(202);
    const job = await started.json();
    expect(job).toEqual({ id: expect.stringMatching(/^imp_/), state: 'running' });
    await app.importsDone();
    const done = await app.call('GET', `/v1/members/${memberId}/contacts/imports/${job.id}`);
    expect(done.status).toBe(200);
    return done.json();
  }

  async function messageCount(): Promise<number> {
    const row = await w.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  it('imports a file into the book and sends nothing, and refuses an import without the confirmation', async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    await member('mia@example.net', 'Mia Member');
    const csv =
      'name,email\nBob Jones,bob@example.net\nCarol,carol@example.net\nBob again,BOB@example.net\nNo Address,\nBroken,not-an-address\nMia,mia@example.net\n';

    const refused = await app.upload(`/v1/members/${alice}/contacts/imports`, csv);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'contacts_not_confirmed' });
    const refusedFalse = await app.upload(`/v1/members/${alice}/contacts/imports?knowsContacts=false`, csv);
    expect(refusedFalse.status).toBe(422);
    expect((await (await app.call('GET', `/v1/members/${alice}/contacts`)).json()).items).toEqual([]);

    const job = await importFile(app, alice, csv);
    expect(job).toMatchObject({
      state: 'done',
      format: 'csv',
      read: 6,
      added: 3,
      merged: 1,
      skipped: 1,
      invalid: [{ line: 6, code: 'invalid_email' }],
      invalidCount: 1,
      error: null,
    });

    const listed = await (await app.call('GET', `/v1/members/${alice}/contacts?limit=10`)).json();
    expect(listed.nextCursor).toBeNull();
    const byName = Object.fromEntries(listed.items.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['Bob Jones', 'Carol', 'Mia']);
    expect(byName['Bob Jones']).toMatchObject({
      emails: ['bob@example.net'],
      source: 'csv',
      importId: job.id,
    });
    // A member who lets people find them by address shows as one; the others do not.
    expect(byName.Mia.memberId).toMatch(/^mem_/);
    expect(byName.Carol.memberId).toBeUndefined();

    // An import never sends anything and never selects anyone.
    expect(await messageCount()).toBe(0);
    expect(await w.smtp.drain()).toBe(0);
    expect(w.peer.received).toEqual([]);
  });

  it('recognises a vCard by its content, refuses a file that is neither, and a body over the limit', async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const vcard = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Bob Jones',
      'item1.EMAIL;TYPE=INTERNET:bob@example.net',
      'EMAIL:bob@work.example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:No Address',
      'END:VCARD',
      '',
    ].join('\r\n');
    const upload = (body: string | Uint8Array, type = 'application/octet-stream') =>
      app.upload(`/v1/members/${alice}/contacts/imports?knowsContacts=true`, body, type);
    const started = await upload(vcard, 'text/csv');
    expect(started.status).toBe(202);
    await app.importsDone();
    const job = await (
      await app.call('GET', `/v1/members/${alice}/contacts/imports/${(await started.json()).id}`)
    ).json();
    expect(job).toMatchObject({
      state: 'done',
      format: 'vcard',
      layout: 'vcard-3.0',
      read: 2,
      added: 1,
      skipped: 1,
    });
    const [bob] = (await (await app.call('GET', `/v1/members/${alice}/contacts`)).json()).items;
    expect(bob).toMatchObject({
      name: 'Bob Jones',
      emails: ['bob@example.net', 'bob@work.example'],
      source: 'vcard',
    });

    const png = await upload(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0, 0]),
    );
    expect(png.status).toBe(422);
    expect(await png.json()).toMatchObject({ code: 'unsupported_contacts_file' });
    const big = await app.upload(
      `/v1/members/${alice}/contacts/imports?knowsContacts=true`,
      'x'.repeat(21 * 1024 * 1024),
    );
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('payload_too_large');
    expect((await app.call('GET', `/v1/members/${alice}/contacts/imports/imp_nothing`)).status).toBe(404);
    expect((await (await app.call('GET', `/v1/members/${alice}/contacts`)).json()).items).toHaveLength(1);
    // Everything else under /v1 keeps its 64 KiB limit.
    expect(
      (await app.call('POST', `/v1/members/${alice}/contacts`, { email: `${'a'.repeat(70_000)}@x.org` }))
        .status,
    ).toBe(413);
  });

  it("lets an app's token use every contacts, suggestions, settings and batch route", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const token = (await (await app.call('POST', '/v1/tokens', { name: 'web app' })).json()).token;
    const added = await app.callAs(token, 'POST', `/v1/members/${alice}/contacts`, {
      email: 'bob@example.net',
    });
    expect(added.status).toBe(201);
    const contact = await added.json();
    expect((await app.callAs(token, 'GET', `/v1/members/${alice}/contacts`)).status).toBe(200);
    expect((await app.callAs(token, 'GET', `/v1/members/${alice}/suggestions`)).status).toBe(200);
    expect((await app.callAs(token, 'PATCH', `/v1/members/${alice}`, { discoverable: false })).status).toBe(
      200,
    );
    const batch = await app.callAs(token, 'POST', '/v1/invitations/batch', {
      inviterId: alice,
      contactIds: [contact.id],
    });
    expect(batch.status).toBe(200);
    expect((await app.callAs(token, 'DELETE', `/v1/members/${alice}/contacts/${contact.id}`)).status).toBe(
      204,
    );
    expect((await app.callAs(token, 'DELETE', `/v1/members/${alice}`)).status).toBe(200);
    // Still the operator's: the suppression list.
    expect((await app.callAs(token, 'GET', '/v1/suppressions/check?email=bob@example.net')).status).toBe(403);
  });

  it('adds, pages, searches and deletes contacts, visible to their member alone', async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const bob = await member('bob@example.org', 'Bob Builder');
    const added = await app.call('POST', `/v1/members/${alice}/contacts`, {
      name: 'Dora',
      email: 'dora@example.net',
    });
    expect(added.status).toBe(201);
    const dora = await added.json();
    expect(dora).toMatchObject({
      name: 'Dora',
      emails: ['dora@example.net'],
      source: 'manual',
      importId: null,
    });
    const again = await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'Dora@Example.net' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(dora.id);
    for (const name of ['Eve', 'Finn', 'Gus']) {
      w.clock.advance(1000);
      await app.call('POST', `/v1/members/${alice}/contacts`, {
        name,
        email: `${name.toLowerCase()}@example.net`,
      });
    }
    const first = await (await app.call('GET', `/v1/members/${alice}/contacts?limit=3`)).json();
    expect(first.items.map((c: { name: string }) => c.name)).toEqual(['Gus', 'Finn', 'Eve']);
    const second = await (
      await app.call('GET', `/v1/members/${alice}/contacts?limit=3&cursor=${first.nextCursor}`)
    ).json();
    expect(second).toMatchObject({ items: [{ name: 'Dora' }], nextCursor: null });
    const found = await (await app.call('GET', `/v1/members/${alice}/contacts?q=FINN%40`)).json();
    expect(found.items.map((c: { name: string }) => c.name)).toEqual(['Finn']);

    // Another member's book neither shows nor deletes Alice's contacts.
    expect((await (await app.call('GET', `/v1/members/${bob}/contacts`)).json()).items).toEqual([]);
    expect((await app.call('GET', `/v1/members/${bob}/contacts/${dora.id}`)).status).toBe(404);
    expect((await app.call('DELETE', `/v1/members/${bob}/contacts/${dora.id}`)).status).toBe(404);
    expect((await app.call('DELETE', `/v1/members/${alice}/contacts/${dora.id}`)).status).toBe(204);
    expect((await app.call('GET', `/v1/members/${alice}/contacts/${dora.id}`)).status).toBe(404);
    expect(await (await app.call('DELETE', `/v1/members/${alice}/contacts`)).json()).toEqual({ deleted: 3 });
    expect((await scanDatabase(w.db, w.dialect, 'finn@example.net')).hits).toEqual([]);

    expect(
      (await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'x@example.net', extra: 1 })).status,
    ).toBe(422);
    expect(
      (await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'Name <x@example.net>' })).status,
    ).toBe(422);
    expect(
      (await app.call('POST', '/v1/members/mem_nobody/contacts', { email: 'x@example.net' })).status,
    ).toBe(404);
  });

  it("answers an app's token with the inviter's view in a batch: a suppressed address reads like a stranger", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const token = (await (await app.call('POST', '/v1/tokens', { name: 'web app' })).json()).token;
    expect((await app.call('POST', '/v1/suppressions', { email: 'gone@example.net' })).status).toBeLessThan(
      300,
    );
    const batch = await app.callAs(token, 'POST', '/v1/invitations/batch', {
      inviterId: alice,
      emails: ['stranger@example.net', 'gone@example.net'],
    });
    expect(batch.status).toBe(200);
    const [stranger, gone] = (await batch.json()).items.map(
      (item: { invitation: Record<string, unknown> }) => item.invitation,
    );
    const shape = (invitation: Record<string, unknown>) => {
      const { id, recipient, createdAt, expiresAt, ...rest } = invitation;
      return rest;
    };
    expect(gone.status).toBe('pending');
    expect(Object.keys(gone).sort()).toEqual(Object.keys(stranger).sort());
    expect(shape(gone)).toEqual(shape(stranger));
    expect(gone).not.toHaveProperty('delivery');
  });

  it("invites two chosen contacts in one batch: two mails, each saying it is from the inviter's contacts", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    await importFile(
      app,
      alice,
      'name,email\nBob Jones,bob@example.net\nCarol,carol@example.net\nDan,dan@example.net\n',
    );
    w.clock.advance(2 * dayMs);
    const manual = await (
      await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'erin@example.net' })
    ).json();
    const book = (await (await app.call('GET', `/v1/members/${alice}/contacts`)).json()).items as Array<{
      id: string;
      emails: string[];
    }>;
    const bob = book.find((c) => c.emails[0] === 'bob@example.net');
    w.clock.advance(dayMs);

    const response = await app.call('POST', '/v1/invitations/batch', {
      inviterId: alice,
      contactIds: [bob?.id, manual.id],
      note: 'Hello!',
    });
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items).toEqual([
      {
        contactId: bob?.id,
        email: 'bob@example.net',
        invitation: expect.objectContaining({ status: 'pending' }),
      },
      {
        contactId: manual.id,
        email: 'erin@example.net',
        invitation: expect.objectContaining({ status: 'pending' }),
      },
    ]);

    expect(await w.smtp.drain()).toBe(2);
    const mails = await w.peer.waitFor(2);
    const text = (to: string) =>
      mails.find((m) => m.envelopeTo.includes(to))?.parsed.text?.replace(/\s+/g, ' ') ?? '';
    expect(text('bob@example.net')).toContain(
      "Your address is from Alice Archer's contacts, imported on 3 March",
    );
    expect(text('erin@example.net')).toContain(
      "Your address is from Alice Archer's contacts, added by Alice Archer on 5 March",
    );
    // Nobody else in the book heard anything.
    expect(mails.flatMap((m) => m.envelopeTo).sort()).toEqual(['bob@example.net', 'erin@example.net']);
  });

  it("refuses a batch larger than the inviter's remaining allowance whole, with the limit's 429", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    for (let i = 0; i < 15; i += 1) {
      expect(
        (await app.call('POST', '/v1/invitations', { inviterId: alice, email: `early${i}@example.net` }))
          .status,
      ).toBe(201);
    }
    expect(await w.smtp.drain()).toBe(15);
    const before = await messageCount();
    w.clock.advance(60_000);

    const emails = Array.from({ length: 6 }, (_, i) => `late${i}@example.net`);
    const refused = await app.call('POST', '/v1/invitations/batch', { inviterId: alice, emails });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'inviter_daily_limit' });
    // The sixth invitation fits once the first of the fifteen leaves the rolling day.
    expect(Number(refused.headers.get('retry-after'))).toBe(24 * 3600 - 60);
    expect(await messageCount()).toBe(before);
    expect(
      (await (await app.call('GET', `/v1/invitations?inviterId=${alice}&limit=100`)).json()).items,
    ).toHaveLength(15);
    expect(await w.smtp.drain()).toBe(0);
    expect(w.peer.received).toHaveLength(15);

    const tooMany = await app.call('POST', '/v1/invitations/batch', {
      inviterId: alice,
      emails: Array.from({ length: 21 }, (_, i) => `x${i}@example.net`),
    });
    expect(tooMany.status).toBe(422);
    const fits = await app.call('POST', '/v1/invitations/batch', {
      inviterId: alice,
      emails: emails.slice(0, 5),
    });
    expect(fits.status).toBe(200);
    // An invalid address anywhere refuses the whole batch too, naming it.
    const bad = await app.call('POST', '/v1/invitations/batch', {
      inviterId: alice,
      emails: ['ok@example.net', 'nope'],
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail).toMatch(/^emails\[1\]: /);
    expect((await app.call('POST', '/v1/invitations/batch', { inviterId: alice })).status).toBe(422);
  });

  it("suggests members from mutual connections and the member's own book only, honouring dismissals and settings", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const bob = await member('bob@example.org', 'Bob Builder');
    const carol = await member('carol@example.org', 'Carol Chen');
    const dave = await member('dave@example.org', 'Dave Diaz');
    const erin = await member('erin@example.org', 'Erin Eng');
    const frank = await member('frank@example.org', 'Frank Fox');
    const gina = await member('gina@example.org', 'Gina Gold');
    // Alice — Bob, Alice — Carol; Bob and Carol both know Dave; Carol knows Erin.
    await connect(alice, bob);
    await connect(alice, carol);
    await connect(bob, dave);
    await connect(carol, dave);
    await connect(carol, erin);
    // Alice's own book: Frank (a member), a stranger who is no member, and Bob (already connected).
    await importFile(
      app,
      alice,
      'name,email\nFrank,frank@example.org\nStranger,stranger@example.net\nBob,bob@example.org\n',
    );
    // Gina has Alice's address in *her* book: that must never suggest Gina to Alice (nor Alice to Gina).
    await importFile(app, gina, 'email\nalice@example.org\n');

    const suggestions = async (id: string) =>
      (await (await app.call('GET', `/v1/members/${id}/suggestions`)).json()).items;
    expect(await suggestions(alice)).toEqual([
      { memberId: frank, name: 'Frank Fox', mutualConnections: 0, inYourContacts: true },
      { memberId: dave, name: 'Dave Diaz', mutualConnections: 2, inYourContacts: false },
      { memberId: erin, name: 'Erin Eng', mutualConnections: 1, inYourContacts: false },
    ]);
    expect(await suggestions(gina)).toEqual([
      { memberId: alice, name: 'Alice Archer', mutualConnections: 0, inYourContacts: true },
    ]);

    // Not interested, for good.
    expect((await app.call('POST', `/v1/members/${alice}/suggestions/${erin}/dismiss`)).status).toBe(204);
    expect((await app.call('POST', `/v1/members/${alice}/suggestions/${erin}/dismiss`)).status).toBe(204);
    expect((await app.call('POST', `/v1/members/${alice}/suggestions/mem_nobody/dismiss`)).status).toBe(404);
    // Frank does not want to be found by his address; Dave has a pending invitation from Alice.
    const patched = await app.call('PATCH', `/v1/members/${frank}`, { discoverable: false });
    expect(await patched.json()).toMatchObject({ discoverable: false, invitePolicy: 'anyone' });
    expect((await app.call('POST', '/v1/invitations', { inviterId: alice, memberId: dave })).status).toBe(
      201,
    );
    expect(await suggestions(alice)).toEqual([]);
    expect((await app.call('GET', `/v1/members/${alice}/suggestions?limit=0`)).status).toBe(422);

    // Invite policies: "nobody" is never suggested; "mutual" only with a mutual connection.
    const hana = await member('hana@example.org', 'Hana Hale');
    await connect(bob, hana);
    await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'hana@example.org' });
    expect((await suggestions(alice)).map((s: { memberId: string }) => s.memberId)).toEqual([hana]);
    await app.call('PATCH', `/v1/members/${hana}`, { invitePolicy: 'mutual' });
    expect((await suggestions(alice)).map((s: { memberId: string }) => s.memberId)).toEqual([hana]);
    await app.call('PATCH', `/v1/members/${hana}`, { invitePolicy: 'nobody' });
    expect(await suggestions(alice)).toEqual([]);
    expect((await app.call('PATCH', `/v1/members/${hana}`, { invitePolicy: 'everyone' })).status).toBe(422);
  });

  it("writes an invitation the recipient's policy refuses like one to a suppressed address, and sends nothing", async () => {
    const app = api();
    const alice = await member('alice@example.org', 'Alice Archer');
    const hana = await member('hana@example.org', 'Hana Hale');
    await app.call('PATCH', `/v1/members/${hana}`, { invitePolicy: 'nobody' });
    await app.call('POST', '/v1/suppressions', { email: 'gone@example.net' });
    const refused = await app.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'hana@example.org',
    });
    const suppressed = await app.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'gone@example.net',
    });
    expect(refused.status).toBe(suppressed.status);
    const shape = (body: Record<string, unknown>) =>
      JSON.stringify(body, (key, value) => (['id', 'email'].includes(key) ? '·' : value));
    expect(shape(await refused.json())).toBe(shape(await suppressed.json()));
    const byId = await app.call('POST', '/v1/invitations', { inviterId: alice, memberId: hana });
    expect([200, 201]).toContain(byId.status);
    expect(await w.smtp.drain()).toBe(0);
    expect(w.peer.received).toEqual([]);

    await app.call('PATCH', `/v1/members/${hana}`, { invitePolicy: 'anyone' });
    const bob = await member('bob@example.org', 'Bob Builder');
    expect(
      (await app.call('POST', '/v1/invitations', { inviterId: bob, email: 'hana@example.org' })).status,
    ).toBe(201);
    expect(await w.smtp.drain()).toBe(1);
  });

  it('deletes a member and leaves no clear address of them or their contacts anywhere', async () => {
    const app = api();
    const alice = await member('alice.leaving@example.org', 'Alice Archer');
    const bob = await member('bob@example.org', 'Bob Builder');
    const contacts = ['carol.contact@example.net', 'dan.contact@example.net'];
    await importFile(app, alice, `email\n${contacts.join('\n')}\n`);
    await app.call('POST', `/v1/members/${alice}/contacts`, { email: 'erin.contact@example.net' });
    const book = (await (await app.call('GET', `/v1/members/${alice}/contacts`)).json()).items;
    // Mail out from Alice (to the dev mailbox and over SMTP), an invitation to her, her address in Bob's book.
    await app.call('POST', '/v1/invitations/batch', { inviterId: alice, contactIds: [book[0].id] });
    await w.devMailbox.drain();
    await app.call('POST', '/v1/invitations/batch', { inviterId: alice, contactIds: [book[1].id] });
    await w.smtp.drain();
    await app.call('POST', '/v1/invitations', { inviterId: bob, email: 'alice.leaving@example.org' });
    await w.devMailbox.drain();
    await app.call('POST', `/v1/members/${bob}/contacts`, {
      name: 'Alice',
      email: 'Alice.Leaving@example.org',
    });
    await connect(alice, bob);
    await app.call('POST', `/v1/members/${bob}/suggestions/${alice}/dismiss`);
    const pendingOfAlice = await app.call('POST', '/v1/invitations', {
      inviterId: alice,
      email: 'zed@example.net',
    });
    const pendingId = (await pendingOfAlice.json()).id;

    const everyone = [
      'alice.leaving@example.org',
      ...contacts,
      'erin.contact@example.net',
      'zed@example.net',
    ];
    for (const address of everyone)
      expect((await scanDatabase(w.db, w.dialect, address)).hits).not.toEqual([]);

    const left = await app.call('DELETE', `/v1/members/${alice}?tombstone=true`);
    expect(left.status).toBe(200);
    expect(await left.json()).toMatchObject({ id: alice, deleted: true, tombstone: true, withdrawn: 3 });
    for (const address of everyone)
      expect({ address, ...(await scanDatabase(w.db, w.dialect, address)) }).toMatchObject({
        address,
        hits: [],
      });

    expect((await app.call('GET', `/v1/members/${alice}`)).status).toBe(404);
    expect((await app.call('GET', `/v1/invitations/${pendingId}`)).json()).resolves.toMatchObject({
      status: 'withdrawn',
    });
    expect((await (await app.call('GET', `/v1/members/${bob}/contacts`)).json()).items).toEqual([]);
    expect((await (await app.call('GET', `/v1/members/${bob}/connections`)).json()).items).toEqual([]);
    // The tombstone: the address is never mailed, and no book keeps it again.
    const check = await (
      await app.call('GET', '/v1/suppressions/check?email=alice.leaving@example.org')
    ).json();
    expect(check).toEqual({ suppressed: true, scope: 'global', reason: 'erasure' });
    const job = await importFile(app, bob, 'email\nalice.leaving@example.org\n');
    expect(job).toMatchObject({ read: 1, added: 0, skipped: 1 });
    expect(
      (await app.call('POST', `/v1/members/${bob}/contacts`, { email: 'alice.leaving@example.org' })).status,
    ).toBe(422);
    // Nothing was sent about the leaving: the withdrawn invitation's mail was cancelled.
    const sent = w.peer.received.length;
    expect(await w.smtp.drain()).toBe(0);
    expect(w.peer.received).toHaveLength(sent);

    // Without a tombstone, the address may come back: as a new member, even.
    const carl = await member('carl@example.org', 'Carl');
    // Mail to the address that belongs to no invitation: a do-not-contact confirmation, delivered.
    await requestDoNotContact(w.core, 'carl@example.org');
    expect(await w.devMailbox.drain()).toBe(1);
    expect((await app.call('DELETE', `/v1/members/${carl}`)).status).toBe(200);
    expect((await scanDatabase(w.db, w.dialect, 'carl@example.org')).hits).toEqual([]);
    expect(
      (await (await app.call('GET', '/v1/suppressions/check?email=carl@example.org')).json()).suppressed,
    ).toBe(false);
    await member('carl@example.org', 'Carl Again');
    expect((await app.call('DELETE', '/v1/members/mem_nobody')).status).toBe(404);
  });
});
