/** Address books: one member's contacts and their addresses, always read and written by member. */
import { type Kysely, sql } from 'kysely';
import type { Contact, ContactAddress, ContactQuery } from '../core/contacts-store.js';
import type { ContactSource } from '../core/model.js';
import { UniqueViolation } from '../core/ports.js';
import type { ContactsTable } from './contact-schema.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Key lists go to the database in slices, well under either dialect's limit on bound parameters. */
const slice = 500;

function* slices<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += slice) yield items.slice(i, i + slice);
}

async function insertAddresses(
  db: Db,
  contactId: string,
  memberId: string,
  addresses: readonly ContactAddress[],
  from: number,
): Promise<void> {
  if (addresses.length === 0) return;
  const result = await db
    .insertInto('contact_addresses')
    .values(
      addresses.map((a, i) => ({
        contact_id: contactId,
        member_id: memberId,
        email: a.email,
        key: a.key,
        position: from + i,
      })),
    )
    // Not a failing statement, which would end a surrounding Postgres transaction: counted instead.
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) !== addresses.length) {
    throw new UniqueViolation('an address of this contact is already in the book');
  }
}

export async function insertContact(db: Db, contact: Contact): Promise<void> {
  await db
    .insertInto('contacts')
    .values({
      id: contact.id,
      member_id: contact.memberId,
      name: contact.name,
      source: contact.source,
      import_id: contact.importId,
      created_at: contact.createdAt,
    })
    .execute();
  await insertAddresses(db, contact.id, contact.memberId, contact.addresses, 0);
}

export async function addContactAddresses(
  db: Db,
  contactId: string,
  memberId: string,
  addresses: readonly ContactAddress[],
): Promise<void> {
  const last = await db
    .selectFrom('contact_addresses')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  await insertAddresses(db, contactId, memberId, addresses, Number(last?.position ?? -1) + 1);
}

export async function nameContact(db: Db, contactId: string, name: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ name })
    .where('id', '=', contactId)
    .where('name', 'is', null)
    .execute();
}

export async function findContactsByKeys(
  db: Db,
  memberId: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of slices([...new Set(keys)])) {
    const rows = await db
      .selectFrom('contact_addresses')
      .select(['key', 'contact_id'])
      .where('member_id', '=', memberId)
      .where('key', 'in', part)
      .execute();
    for (const row of rows) found.set(row.key, row.contact_id);
  }
  return found;
}

async function withAddresses(db: Db, rows: readonly ContactsTable[]): Promise<Contact[]> {
  if (rows.length === 0) return [];
  const addresses = await db
    .selectFrom('contact_addresses')
    .select(['contact_id', 'email', 'key'])
    .where(
      'contact_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('contact_id')
    .orderBy('position')
    .execute();
  const byContact = new Map<string, ContactAddress[]>();
  for (const a of addresses) {
    const list = byContact.get(a.contact_id) ?? [];
    list.push({ email: a.email, key: a.key });
    byContact.set(a.contact_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    name: r.name,
    addresses: byContact.get(r.id) ?? [],
    source: r.source as ContactSource,
    importId: r.import_id,
    createdAt: r.created_at,
  }));
}

export async function getContact(db: Db, memberId: string, contactId: string): Promise<Contact | undefined> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', contactId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row ? (await withAddresses(db, [row]))[0] : undefined;
}

/** `%`, `_` and the escape itself taken literally inside a LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listContacts(db: Db, memberId: string, query: ContactQuery): Promise<Contact[]> {
  let select = db.selectFrom('contacts').selectAll().where('member_id', '=', memberId);
  const { after, q } = query;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  if (q) {
    const pattern = likePattern(q);
    select = select.where((eb) =>
      eb.or([
        sql<boolean>`lower(${sql.ref('contacts.name')}) like ${pattern} escape '\\'`,
        eb.exists(
          eb
            .selectFrom('contact_addresses')
            .select(sql.lit(1).as('one'))
            .whereRef('contact_addresses.contact_id', '=', 'contacts.id')
            .where(sql<boolean>`lower(${sql.ref('contact_addresses.email')}) like ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return withAddresses(db, rows);
}

export async function deleteContact(db: Db, memberId: string, contactId: string): Promise<boolean> {
  await db
    .deleteFrom('contact_addresses')
    .where('contact_id', '=', contactId)
    .where('member_id', '=', memberId)
    .execute();
  const result = await db
    .deleteFrom('contacts')
    .where('id', '=', contactId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteContacts(db: Db, memberId: string): Promise<number> {
  await db.deleteFrom('contact_addresses').where('member_id', '=', memberId).execute();
  const result = await db.deleteFrom('contacts').where('member_id', '=', memberId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function removeAddressFromBooks(db: Db, key: string): Promise<number> {
  const holders = await db
    .selectFrom('contact_addresses')
    .select('contact_id')
    .where('key', '=', key)
    .execute();
  if (holders.length === 0) return 0;
  await db.deleteFrom('contact_addresses').where('key', '=', key).execute();
  for (const part of slices(holders.map((h) => h.contact_id))) {
    await db
      .deleteFrom('contacts')
      .where('id', 'in', part)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('contact_addresses')
              .select(sql.lit(1).as('one'))
              .whereRef('contact_addresses.contact_id', '=', 'contacts.id'),
          ),
        ),
      )
      .execute();
  }
  return holders.length;
}

export async function findDiscoverableMembers(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of slices([...new Set(keys)])) {
    const rows = await db
      .selectFrom('members')
      .select(['email_key', 'id'])
      .where('email_key', 'in', part)
      .where('discoverable', '=', 1)
      .where('deleted_at', 'is', null)
      .execute();
    for (const row of rows) found.set(row.email_key, row.id);
  }
  return found;
}

export async function findErasedKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of slices([...new Set(keys)])) {
    const rows = await db
      .selectFrom('suppressions')
      .select('key')
      .where('key', 'in', part)
      .where('scope', '=', 'global')
      .where('reason', '=', 'erasure')
      .execute();
    for (const row of rows) found.add(row.key);
  }
  return found;
}
