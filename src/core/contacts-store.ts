/**
 * The persistence of address books, their imports, "people you may know" and leaving, apart from the
 * basic Store so these can grow without touching every other port. `Store` extends it, so a
 * transaction's store has these too. Every read and write of a book names its member: a book is
 * visible to its member alone.
 */
import type { ContactSource, InvitePolicy, Iso } from './model.js';

/** One address of a contact: as written (validated), and its suppression key. */
export interface ContactAddress {
  email: string;
  key: string;
}

/** An entry of one member's private address book. */
export interface Contact {
  id: string;
  memberId: string;
  name: string | null;
  /** In the order they were added; never empty. */
  addresses: ContactAddress[];
  source: ContactSource;
  importId: string | null;
  createdAt: Iso;
}

export interface ContactQuery {
  limit: number;
  /** Keyset cursor: contacts strictly after this (createdAt, id), newest first. */
  after?: { createdAt: Iso; id: string };
  /** Case-insensitive text the name or one of the addresses contains. */
  q?: string;
}

export const contactImportStates = ['running', 'done', 'failed'] as const;
export type ContactImportState = (typeof contactImportStates)[number];

/** An address an import refused: the CSV line or vCard number it was on, and the validation code. */
export interface InvalidContactLine {
  line: number;
  code: string;
}

/** An import job's progress; the counters are what its committed batches wrote. */
export interface ContactImport {
  id: string;
  memberId: string;
  state: ContactImportState;
  /** `csv` or `vcard`, once the file was recognised. */
  format: string | null;
  /** The reader's name for the column set or vCard version it recognised. */
  layout: string | null;
  /** Records read (CSV rows, vCards). */
  read: number;
  /** Records that became a new contact. */
  added: number;
  /** Records whose address was already in the book, merged into that contact. */
  merged: number;
  /** Records left out without saying why: no address, or none that may be kept. */
  skipped: number;
  invalidCount: number;
  /** The first invalid addresses, in file order. */
  invalid: InvalidContactLine[];
  /** The error code a failed import stopped with. */
  error: string | null;
  createdAt: Iso;
  updatedAt: Iso;
  finishedAt: Iso | null;
}

/** A member reached through the member's own connections or their own book. */
export interface SuggestionCandidate {
  memberId: string;
  name: string;
  /** Connections the two share. */
  mutualConnections: number;
  /** The member's own book holds this member's address, and this member lets people find them by it. */
  inYourContacts: boolean;
}

export interface ContactsStore {
  /** Inserts a contact with its addresses; raises `UniqueViolation` when one key is already in the book. */
  insertContact(contact: Contact): Promise<void>;
  /** Appends addresses to an existing contact of the same book (keys not in the book yet). */
  addContactAddresses(
    contactId: string,
    memberId: string,
    addresses: readonly ContactAddress[],
  ): Promise<void>;
  /** Sets the name of a contact that has none. */
  nameContact(contactId: string, name: string): Promise<void>;
  /** For each of `keys` already in the member's book, the contact holding it. */
  findContactsByKeys(memberId: string, keys: readonly string[]): Promise<Map<string, string>>;
  getContact(memberId: string, contactId: string): Promise<Contact | undefined>;
  /** A page of the book, newest first. */
  listContacts(memberId: string, query: ContactQuery): Promise<Contact[]>;
  /** Deletes one contact and its clear addresses; false when the book has no such contact. */
  deleteContact(memberId: string, contactId: string): Promise<boolean>;
  /** Deletes the whole book; returns how many contacts it held. */
  deleteContacts(memberId: string): Promise<number>;
  /** Takes an address out of every book that holds it (a contact left with none goes too); returns how many. */
  removeAddressFromBooks(key: string): Promise<number>;
  /** Of `keys`, those a global `erasure` suppression (a tombstone) covers: never kept in any book. */
  findErasedKeys(keys: readonly string[]): Promise<Set<string>>;
  /** Of `keys`, those that belong to a member who lets people find them by address: key → member id. */
  findDiscoverableMembers(keys: readonly string[]): Promise<Map<string, string>>;

  insertContactImport(job: ContactImport): Promise<void>;
  /** Writes the job's state and counters as they are now. */
  saveContactImport(job: ContactImport): Promise<void>;
  getContactImport(memberId: string, importId: string): Promise<ContactImport | undefined>;
  /** Deletes every import record of the member (after their contacts). */
  deleteContactImports(memberId: string): Promise<void>;

  /**
   * People `memberId` may know, best first: members reached through their connections (with how many
   * they share) and through the addresses in `memberId`'s own book whose member is discoverable.
   * Leaves out `memberId`, their connections, members with a pending invitation either way (matched by
   * the address key `memberKey` and the other's), dismissed ones, members who left, and members whose
   * invite policy would refuse `memberId` (`nobody`; `mutual` without a mutual connection). Ranked by
   * mutual connections, being in the book counting as `contactWeight` of them; then by id.
   */
  listSuggestions(
    memberId: string,
    memberKey: string,
    options: { limit: number; contactWeight: number },
  ): Promise<SuggestionCandidate[]>;
  dismissSuggestion(memberId: string, otherId: string, at: Iso): Promise<void>;
  /** Whether the two members share at least one connection. */
  haveMutualConnection(a: string, b: string): Promise<boolean>;

  /** Writes the settings of a member (only the fields given). */
  updateMemberSettings(
    memberId: string,
    settings: { allowReplyTo?: boolean; discoverable?: boolean; invitePolicy?: InvitePolicy },
  ): Promise<void>;
  /**
   * A member who left: their connections, dismissals (theirs and about them) go; the member row stays
   * as an anonymous stub (no address, name or external id; key `deleted:<id>`) so what named them
   * stays consistent, and reads of members no longer find it.
   */
  retireMember(memberId: string, at: Iso): Promise<void>;
  /**
   * Every invitation that holds the address of a member or was sent by them, as redaction targets
   * (`email` is the clear address to scrub, null when already redacted).
   */
  listInvitationsOfMember(
    memberId: string,
    memberKey: string,
  ): Promise<Array<{ id: string; recipientKey: string; email: string | null; state: string }>>;
  /**
   * Removes a leaving member's address from mail that is not tied to one of their invitations: every
   * message to their key (queued ones are cancelled), and the dev-mailbox copies of mail sent on
   * their behalf (which carry their address in Reply-To and the body).
   */
  redactMemberMail(memberId: string, memberKey: string, email: string, marker: string): Promise<void>;
}
