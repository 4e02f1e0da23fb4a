/**
 * Importing an address-book file into one member's book, as a job whose progress can be read while it
 * runs. The file is read by `src/import/read-contacts.ts` (which recognises CSV and vCard layouts); this
 * module only decides what each record becomes. **An import never sends anything and never selects
 * anyone**: it writes contacts and nothing else — no invitation, no message.
 *
 * Each record becomes one of: `added` (a new contact), `merged` (one of its addresses was in the book
 * already, by suppression key; the others join that contact), `skipped` (no address, or only addresses
 * whose owner asked to be erased — the summary does not say which), or, when every address it had was
 * invalid, only its entries in `invalid`. Invalid addresses are listed by line (CSV) or card number
 * (vCard) with the code of the rule they broke, the same rules as invitations (`address.ts`).
 */
import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import { bookGate, bookOwner } from './contacts.js';
import type { Contact, ContactAddress, ContactImport } from './contacts-store.js';
import type { CoreDeps } from './deps.js';
import { checkDisplayName } from './display-name.js';
import { isKindlyError, KindlyError } from './errors.js';
import type { ContactSource } from './model.js';
import type { Store } from './ports.js';
import { invalidListed } from './suppression-import.js';

/** One record of an address-book file, as the reader gives it. */
export interface ImportedContact {
  /** The 1-based CSV line or vCard number. */
  line: number;
  name: string | null;
  /** As written in the file, not yet validated. */
  emails: string[];
}

/** A recognised address-book file: its format, the layout the reader recognised, and its records. */
export interface ContactFile {
  format: 'csv' | 'vcard';
  layout: string;
  /** Every record, those without any address included. */
  contacts: AsyncIterable<ImportedContact>;
}

/** Records written per transaction: each batch is committed (and counted) before the next is read. */
export const contactBatchSize = 500;
/** A running job not written to for this long is shown as failed: the process that ran it stopped. */
export const staleImportMs = 10 * 60_000;

/**
 * Starts an import for the member: refuses without the member's word that they know these people
 * (`contacts_not_confirmed`), and `not_found` for an unknown member. Writes the job as `running`.
 */
export async function createContactImport(
  deps: CoreDeps,
  memberId: string,
  request: { knowsContacts: boolean; format: string | null; layout: string | null },
): Promise<ContactImport> {
  const member = await bookOwner(deps, memberId);
  requireConfirmation(request.knowsContacts);
  const now = deps.clock.now().toISOString();
  const job: ContactImport = {
    id: deps.ids.id('imp'),
    memberId: member.id,
    state: 'running',
    format: request.format,
    layout: request.layout,
    read: 0,
    added: 0,
    merged: 0,
    skipped: 0,
    invalidCount: 0,
    invalid: [],
    error: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.insertContactImport(job);
    await recordEvent(tx, deps.ids, deps.clock.now(), {
      actor: `member:${member.id}`,
      action: 'contacts.import-started',
      subjectType: 'member',
      subjectId: member.id,
      data: { importId: job.id, format: job.format, layout: job.layout },
    });
  });
  return job;
}

/** The member must say they know the people in the file: no confirmation, no import. */
export function requireConfirmation(knowsContacts: boolean): void {
  if (!knowsContacts) {
    throw new KindlyError(
      'contacts_not_confirmed',
      'Import only people the member knows: send knowsContacts=true to confirm that they do.',
    );
  }
}

/**
 * Runs the job to its end over the file's records, committing a batch at a time; never throws. A
 * failure (the file turned out unreadable, the body was too large, the member left) ends the job
 * `failed` with the error's code, keeping what earlier batches wrote. Returns the job as it ended.
 */
export async function runContactImport(
  deps: CoreDeps,
  start: ContactImport,
  records: AsyncIterable<ImportedContact>,
  options: { batchSize?: number; onProgress?: (job: Readonly<ContactImport>) => void } = {},
): Promise<ContactImport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? contactBatchSize));
  const source: ContactSource = start.format === 'vcard' ? 'vcard' : 'csv';
  let job = start;
  let batch: ImportedContact[] = [];
  const flush = async () => {
    const records = batch;
    batch = [];
    job = await deps.store.transaction((tx) => writeBatch(deps, tx, job, records, source));
    options.onProgress?.(job);
  };
  try {
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    job = await finish(deps, job, 'done', null);
  } catch (error) {
    job = await finish(deps, job, 'failed', isKindlyError(error) ? error.code : 'internal_error').catch(
      () => job,
    );
  }
  return job;
}

async function finish(
  deps: CoreDeps,
  job: ContactImport,
  state: 'done' | 'failed',
  error: string | null,
): Promise<ContactImport> {
  const now = deps.clock.now();
  const ended: ContactImport = {
    ...job,
    state,
    error,
    updatedAt: now.toISOString(),
    finishedAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.saveContactImport(ended);
    await recordEvent(tx, deps.ids, now, {
      actor: 'system',
      action: `contacts.import-${state}`,
      subjectType: 'member',
      subjectId: job.memberId,
      data: { importId: job.id, read: job.read, added: job.added, merged: job.merged, error },
    });
  });
  return ended;
}

/** A record's valid addresses (one per key, in file order) and the codes of its invalid ones. */
function readAddresses(
  deps: CoreDeps,
  record: ImportedContact,
): { addresses: ContactAddress[]; invalid: string[] } {
  const addresses: ContactAddress[] = [];
  const invalid: string[] = [];
  for (const written of record.emails) {
    try {
      const email = parseAddress(written.trim());
      const key = deps.keyOf(email);
      if (!addresses.some((a) => a.key === key)) addresses.push({ email, key });
    } catch (error) {
      // The message may quote the address; only the code is kept.
      if (!isKindlyError(error)) throw error;
      invalid.push(error.code);
    }
  }
  return { addresses, invalid };
}

/** A name the file gave that Kindly cannot keep (control characters, too long) is dropped, not the contact. */
function nameOf(deps: CoreDeps, name: string | null): string | null {
  if (name === null) return null;
  try {
    return checkDisplayName(name, { brand: deps.brand, maxLength: deps.rules.nameMaxLength });
  } catch {
    return null;
  }
}

/**
 * One batch in one transaction, its counts starting from the job as committed so far (a transaction
 * the database gave up runs again from the start). Returns the job with this batch counted.
 */
async function writeBatch(
  deps: CoreDeps,
  tx: Store,
  job: ContactImport,
  records: readonly ImportedContact[],
  source: ContactSource,
): Promise<ContactImport> {
  const now = deps.clock.now().toISOString();
  // The member may have left since the job began: nothing more goes into a book that is gone.
  await bookOwner(deps, job.memberId, tx);
  await tx.lockGate(bookGate(job.memberId), now);
  const next: ContactImport = { ...job, invalid: [...job.invalid], updatedAt: now };
  const parsed = records.map((record) => ({ record, ...readAddresses(deps, record) }));
  const keys = parsed.flatMap((p) => p.addresses.map((a) => a.key));
  const erased = await tx.findErasedKeys(keys);
  // Key → contact, for the book as it was and for contacts this batch adds.
  const book = await tx.findContactsByKeys(job.memberId, keys);

  for (const { record, addresses, invalid } of parsed) {
    next.read += 1;
    for (const code of invalid) {
      next.invalidCount += 1;
      if (next.invalid.length < invalidListed) next.invalid.push({ line: record.line, code });
    }
    const kept = addresses.filter((a) => !erased.has(a.key));
    if (kept.length === 0) {
      if (addresses.length > 0 || invalid.length === 0) next.skipped += 1;
      continue;
    }
    const name = nameOf(deps, record.name);
    const holder = kept.map((a) => book.get(a.key)).find((id) => id !== undefined);
    if (holder) {
      const fresh = kept.filter((a) => !book.has(a.key));
      await tx.addContactAddresses(holder, job.memberId, fresh);
      for (const a of fresh) book.set(a.key, holder);
      if (name) await tx.nameContact(holder, name);
      next.merged += 1;
      continue;
    }
    const contact: Contact = {
      id: deps.ids.id('con'),
      memberId: job.memberId,
      name,
      addresses: kept,
      source,
      importId: job.id,
      createdAt: now,
    };
    await tx.insertContact(contact);
    for (const a of kept) book.set(a.key, contact.id);
    next.added += 1;
  }
  await tx.saveContactImport(next);
  return next;
}

/** The job as its member may read it; `not_found` for another member's or an unknown one. */
export async function getContactImport(
  deps: CoreDeps,
  memberId: string,
  importId: string,
): Promise<ContactImport> {
  const job = await deps.store.getContactImport(memberId, importId);
  if (!job) throw new KindlyError('not_found', 'This member has no import with that id.');
  // A job whose process stopped mid-way is never finished by anyone: say so rather than "running" for ever.
  const quiet = deps.clock.now().getTime() - Date.parse(job.updatedAt);
  if (job.state === 'running' && quiet > staleImportMs)
    return { ...job, state: 'failed', error: 'internal_error' };
  return job;
}
