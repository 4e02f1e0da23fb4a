/** Members and connections. A member who left (`deleted_at`) is found by none of these reads. */
import type { Kysely } from 'kysely';
import type { Connection, Member } from '../core/model.js';
import { UniqueViolation } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import { connectionToRow, memberToRow, rowToConnection, rowToMember } from './mappers.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/**
 * Inserts the member, or raises `UniqueViolation` when its id, address key or external id is taken.
 * `ON CONFLICT DO NOTHING` rather than a failing statement, so a surrounding Postgres transaction
 * stays usable.
 */
export async function insertMember(db: Db, member: Member): Promise<void> {
  const result = await uniquely('member', () =>
    db
      .insertInto('members')
      .values(memberToRow(member))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst(),
  );
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0)
    throw new UniqueViolation('a member with that id, address or external id already exists');
}

export async function getMember(db: Db, id: string): Promise<Member | undefined> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && rowToMember(row);
}

export async function findMemberByEmailKey(db: Db, emailKey: string): Promise<Member | undefined> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('email_key', '=', emailKey)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && rowToMember(row);
}

export async function findMemberByExternalId(db: Db, externalId: string): Promise<Member | undefined> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('external_id', '=', externalId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && rowToMember(row);
}

/** Inserts the pair in canonical order unless the two are already connected. */
export async function insertConnection(db: Db, connection: Connection): Promise<void> {
  await db
    .insertInto('connections')
    .values(connectionToRow(connection))
    .onConflict((oc) => oc.columns(['member_a', 'member_b']).doNothing())
    .execute();
}

export async function listConnections(db: Db, memberId: string): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where((eb) => eb.or([eb('member_a', '=', memberId), eb('member_b', '=', memberId)]))
    .orderBy('created_at')
    .orderBy('member_a')
    .orderBy('member_b')
    .execute();
  return rows.map(rowToConnection);
}
