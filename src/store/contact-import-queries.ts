/** Contact import jobs: their state and counters, written after each committed batch. */
import type { Kysely } from 'kysely';
import type { ContactImport, ContactImportState, InvalidContactLine } from '../core/contacts-store.js';
import type { ContactImportsTable } from './contact-schema.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

function toRow(job: ContactImport): ContactImportsTable {
  return {
    id: job.id,
    member_id: job.memberId,
    state: job.state,
    format: job.format,
    layout: job.layout,
    read: job.read,
    added: job.added,
    merged: job.merged,
    skipped: job.skipped,
    invalid_count: job.invalidCount,
    invalid: JSON.stringify(job.invalid),
    error: job.error,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    finished_at: job.finishedAt,
  };
}

function fromRow(r: ContactImportsTable): ContactImport {
  return {
    id: r.id,
    memberId: r.member_id,
    state: r.state as ContactImportState,
    format: r.format,
    layout: r.layout,
    read: Number(r.read),
    added: Number(r.added),
    merged: Number(r.merged),
    skipped: Number(r.skipped),
    invalidCount: Number(r.invalid_count),
    invalid: JSON.parse(r.invalid) as InvalidContactLine[],
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

export async function insertContactImport(db: Db, job: ContactImport): Promise<void> {
  await db.insertInto('contact_imports').values(toRow(job)).execute();
}

export async function saveContactImport(db: Db, job: ContactImport): Promise<void> {
  const { id: _id, member_id: _member, created_at: _created, ...changes } = toRow(job);
  await db.updateTable('contact_imports').set(changes).where('id', '=', job.id).execute();
}

export async function getContactImport(
  db: Db,
  memberId: string,
  importId: string,
): Promise<ContactImport | undefined> {
  const row = await db
    .selectFrom('contact_imports')
    .selectAll()
    .where('id', '=', importId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row && fromRow(row);
}

export async function deleteContactImports(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('contact_imports').where('member_id', '=', memberId).execute();
}
