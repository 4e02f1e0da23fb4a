/** The consent rules' tables as Kysely sees them (migration `2026-11-26T1100-consent-rules`). */

export interface GatesTable {
  /** `recipient:<suppression key>` or `inviter:<member id>`. */
  name: string;
  touched_at: string;
}

export interface CapSlotsTable {
  message_id: string;
  recipient_key: string;
  /** When the message was let through; moved to its sending time once sent. */
  at: string;
}

export interface DigestItemsTable {
  message_id: string;
  invitation_id: string;
}

export interface InvitationOutcomesTable {
  invitation_id: string;
  inviter_id: string;
  delivered_at: string | null;
  /** `complaint` or `never-again`, or null. */
  feedback: string | null;
  feedback_at: string | null;
}

export interface RulesTables {
  gates: GatesTable;
  cap_slots: CapSlotsTable;
  digest_items: DigestItemsTable;
  invitation_outcomes: InvitationOutcomesTable;
}
