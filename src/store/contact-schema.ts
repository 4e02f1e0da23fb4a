/** Address books, their imports and dismissed suggestions as Kysely sees them (migration `2026-11-30T1200-contacts`). */

export interface ContactsTable {
  id: string;
  member_id: string;
  name: string | null;
  /** `manual`, `csv` or `vcard`. */
  source: string;
  import_id: string | null;
  created_at: string;
}

/** One address of a contact; `member_id` repeats the contact's so that a key is unique per book. */
export interface ContactAddressesTable {
  contact_id: string;
  member_id: string;
  email: string;
  key: string;
  position: number;
}

export interface ContactImportsTable {
  id: string;
  member_id: string;
  /** `running`, `done` or `failed`. */
  state: string;
  format: string | null;
  layout: string | null;
  read: number;
  added: number;
  merged: number;
  skipped: number;
  invalid_count: number;
  /** JSON text: `[{line, code}]`, the first ones only. */
  invalid: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface SuggestionDismissalsTable {
  member_id: string;
  other_id: string;
  created_at: string;
}

export interface ContactTables {
  contacts: ContactsTable;
  contact_addresses: ContactAddressesTable;
  contact_imports: ContactImportsTable;
  suggestion_dismissals: SuggestionDismissalsTable;
}
