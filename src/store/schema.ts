/**
 * The tables as Kysely sees them. Column names are snake_case; times are ISO-8601 text, booleans are
 * integers 0/1 and JSON is text, identically on SQLite and Postgres, so every query is shared.
 */
import type { Insertable, Selectable } from 'kysely';
import type { ContactTables } from './contact-schema.js';
import type { RulesTables } from './rules-schema.js';

export interface MembersTable {
  id: string;
  email: string;
  email_key: string;
  name: string;
  external_id: string | null;
  /** 0 or 1. */
  allow_reply_to: number;
  /** 0 or 1. */
  discoverable: number;
  /** `anyone`, `mutual` or `nobody`. */
  invite_policy: string;
  /** Set when the member left; the row is then an anonymous stub. */
  deleted_at: string | null;
  created_at: string;
}

/** One row per pair; the store keeps `member_a < member_b`. */
export interface ConnectionsTable {
  member_a: string;
  member_b: string;
  invitation_id: string | null;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  inviter_id: string;
  recipient_email: string | null;
  recipient_key: string;
  recipient_member_id: string | null;
  note: string | null;
  source: string;
  /** `manual`, `csv` or `vcard` for invitations made from a contact. */
  contact_origin: string | null;
  contact_added_at: string | null;
  state: string;
  delivery: string;
  reminders_planned: number;
  reminders_sent: number;
  next_reminder_at: string | null;
  created_at: string;
  expires_at: string;
  closed_at: string | null;
  /** The inviter's view: what the inviter was told (`core/inviter-view.ts`). */
  inviter_state: string;
  inviter_closed_at: string | null;
  inviter_expires_at: string;
  /**
   * When the invitation closed both in truth and in its inviter's view (the later of the two); its
   * clear address is redacted counting from here. Null while either is open.
   */
  settled_at: string | null;
}

/** The outbox. */
export interface MessagesTable {
  id: string;
  kind: string;
  invitation_id: string | null;
  inviter_id: string | null;
  to_email: string | null;
  to_key: string;
  state: string;
  due_at: string;
  lease_until: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When a worker last passed the final consent check and handed the message to SMTP. */
  handoff_at: string | null;
  /** When the current run of transient failures began; null while there is none. */
  retry_since: string | null;
}

export interface SuppressionsTable {
  key: string;
  /** `global` or `inviter:<memberId>`. */
  scope: string;
  reason: string;
  source: string;
  created_at: string;
}

export interface TokensTable {
  /** SHA-256 of the token, hex. */
  hash: string;
  purpose: string;
  invitation_id: string | null;
  address_key: string | null;
  message_id: string | null;
  created_at: string;
}

/** The audit log. */
export interface EventsTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  /** JSON text, or null. */
  data: string | null;
}

export interface DevMailTable {
  id: string;
  /** The Message-ID header of the rendered mail. */
  message_id: string | null;
  to_address: string;
  subject: string;
  raw: string;
  created_at: string;
}

/** Named bearer tokens of the JSON API. */
export interface ApiTokensTable {
  id: string;
  name: string;
  /** `app` or `operator`. */
  role: string;
  /** SHA-256 of the token, hex; unique. */
  hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface Database extends RulesTables, ContactTables {
  members: MembersTable;
  connections: ConnectionsTable;
  invitations: InvitationsTable;
  messages: MessagesTable;
  suppressions: SuppressionsTable;
  tokens: TokensTable;
  events: EventsTable;
  dev_mail: DevMailTable;
  api_tokens: ApiTokensTable;
}

export type MemberRow = Selectable<MembersTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type SuppressionRow = Selectable<SuppressionsTable>;
export type TokenRow = Selectable<TokensTable>;
export type EventRow = Selectable<EventsTable>;
export type DevMailRow = Selectable<DevMailTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export type NewMemberRow = Insertable<MembersTable>;
export type NewInvitationRow = Insertable<InvitationsTable>;
export type NewMessageRow = Insertable<MessagesTable>;
