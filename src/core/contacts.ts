/**
 * A member's private address book: add one contact, read pages of it, delete one or all. Every
 * operation names the member, and a contact of another book is "not found". Addresses are validated
 * by the rules of invitations (`address.ts`) and kept with their suppression key, by which an address
 * already in the book merges into the contact that holds it.
 */
import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import type { Contact, ContactQuery } from './contacts-store.js';
import type { CoreDeps } from './deps.js';
import { checkDisplayName } from './display-name.js';
import { KindlyError } from './errors.js';
import type { Member } from './model.js';
import type { Store } from './ports.js';

/** The gate that makes one book's writes (manual adds, import batches) run one at a time. */
export function bookGate(memberId: string): string {
  return `contacts:${memberId}`;
}

/** The member whose book this is; a member who left, or none, is "not found". */
export async function bookOwner(
  deps: CoreDeps,
  memberId: string,
  store: Store = deps.store,
): Promise<Member> {
  const member = await store.getMember(memberId);
  if (!member) throw new KindlyError('not_found', 'No member has that id.');
  return member;
}

export interface NewContact {
  name?: string | null | undefined;
  email: string;
}

/** A contact as shown to its member: `memberId` only for an address of a member who may be found by it. */
export interface ContactView {
  contact: Contact;
  memberId: string | null;
}

/**
 * Adds one contact typed in by the member (source `manual`). An address already in the book (same
 * key) answers with the contact that holds it (`created: false`), its name filled in if it had none.
 * Throws `invalid_email`, `invalid_name`, `not_found` (member), and `contact_not_kept` for an address
 * whose owner asked to be erased.
 */
export async function addContact(
  deps: CoreDeps,
  memberId: string,
  input: NewContact,
): Promise<{ contact: Contact; created: boolean }> {
  const email = parseAddress(input.email);
  const key = deps.keyOf(email);
  const name =
    input.name === undefined || input.name === null
      ? null
      : checkDisplayName(input.name, { brand: deps.brand, maxLength: deps.rules.nameMaxLength });
  return deps.store.transaction(async (tx) => {
    const member = await bookOwner(deps, memberId, tx);
    const now = deps.clock.now();
    await tx.lockGate(bookGate(member.id), now.toISOString());
    if ((await tx.findErasedKeys([key])).size > 0) throw new KindlyError('contact_not_kept');
    const holder = (await tx.findContactsByKeys(member.id, [key])).get(key);
    if (holder) {
      if (name) await tx.nameContact(holder, name);
      const existing = await tx.getContact(member.id, holder);
      if (existing) return { contact: existing, created: false };
    }
    const contact: Contact = {
      id: deps.ids.id('con'),
      memberId: member.id,
      name,
      addresses: [{ email, key }],
      source: 'manual',
      importId: null,
      createdAt: now.toISOString(),
    };
    await tx.insertContact(contact);
    await recordEvent(tx, deps.ids, now, {
      actor: `member:${member.id}`,
      action: 'contact.added',
      subjectType: 'member',
      subjectId: member.id,
      data: { contactId: contact.id },
    });
    return { contact, created: true };
  });
}

/** One contact of the member's book, or `not_found`. */
export async function getContact(deps: CoreDeps, memberId: string, contactId: string): Promise<Contact> {
  const member = await bookOwner(deps, memberId);
  const contact = await deps.store.getContact(member.id, contactId);
  if (!contact) throw new KindlyError('not_found', 'This member has no contact with that id.');
  return contact;
}

/** A page of the book, newest first, each with the member id its address belongs to when findable. */
export async function listContacts(
  deps: CoreDeps,
  memberId: string,
  query: ContactQuery,
): Promise<ContactView[]> {
  const member = await bookOwner(deps, memberId);
  const page = await deps.store.listContacts(member.id, query);
  const members = await deps.store.findDiscoverableMembers(
    page.flatMap((c) => c.addresses.map((a) => a.key)),
  );
  return page.map((contact) => {
    const found = contact.addresses.map((a) => members.get(a.key)).find((id) => id !== undefined);
    // Their own address in their own book is not "a member they may find".
    return { contact, memberId: found && found !== member.id ? found : null };
  });
}

/** Deletes one contact with its clear addresses; `not_found` when the book has none by that id. */
export async function deleteContact(deps: CoreDeps, memberId: string, contactId: string): Promise<void> {
  const member = await bookOwner(deps, memberId);
  const deleted = await deps.store.transaction(async (tx) => {
    if (!(await tx.deleteContact(member.id, contactId))) return false;
    await recordEvent(tx, deps.ids, deps.clock.now(), {
      actor: `member:${member.id}`,
      action: 'contact.deleted',
      subjectType: 'member',
      subjectId: member.id,
      data: { contactId },
    });
    return true;
  });
  if (!deleted) throw new KindlyError('not_found', 'This member has no contact with that id.');
}

/** Deletes the whole book; returns how many contacts it held. */
export async function deleteAllContacts(deps: CoreDeps, memberId: string): Promise<number> {
  const member = await bookOwner(deps, memberId);
  return deps.store.transaction(async (tx) => {
    const deleted = await tx.deleteContacts(member.id);
    await recordEvent(tx, deps.ids, deps.clock.now(), {
      actor: `member:${member.id}`,
      action: 'contacts.deleted',
      subjectType: 'member',
      subjectId: member.id,
      data: { deleted },
    });
    return deleted;
  });
}
