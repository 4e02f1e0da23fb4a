/** The entities Kindly keeps. Times are ISO-8601 UTC strings (`Date#toISOString`), so they sort as text. */

export type Iso = string;

/** Who may invite a member, by member id or by their address: `mutual` is people with a mutual connection. */
export const invitePolicies = ['anyone', 'mutual', 'nobody'] as const;
export type InvitePolicy = (typeof invitePolicies)[number];

export interface Member {
  id: string;
  email: string;
  /** Suppression key of `email`: how members are matched to recipients without comparing clear text. */
  emailKey: string;
  name: string;
  externalId: string | null;
  /** Whether invitation mail may carry this member's address in Reply-To. */
  allowReplyTo: boolean;
  /** Whether members who have this member's address may find them by it (default true). */
  discoverable?: boolean;
  /** Who may invite this member (default `anyone`). */
  invitePolicy?: InvitePolicy;
  createdAt: Iso;
}

export const invitationStates = [
  'pending',
  'accepted',
  'declined',
  'withdrawn',
  'expired',
  'undeliverable',
] as const;
export type InvitationState = (typeof invitationStates)[number];

/**
 * What the inviter has been told, the stored half of the inviter's view (`inviter-view.ts`): `pending`
 * until the recipient answers this inviter (`accepted`, `declined`, a block reads `declined`), the
 * inviter withdraws, or this invitation's own message bounces (`undeliverable`). `expired` is never
 * stored: it follows from the time and `inviterExpiresAt`.
 */
export const inviterStates = ['pending', 'accepted', 'declined', 'withdrawn', 'undeliverable'] as const;
export type InviterState = (typeof inviterStates)[number];

export const deliveryStates = ['queued', 'sent', 'deferred', 'held', 'failed'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** How the recipient's address reached Kindly, for the "why did I get this?" line. */
export type AddressSource = 'entered' | 'contacts' | 'member';

/** Where a contact came from: typed in by its member, or read from an address-book file. */
export const contactSources = ['manual', 'csv', 'vcard'] as const;
export type ContactSource = (typeof contactSources)[number];

/** For an invitation made from a contact: how that contact reached the book, and when. */
export interface ContactOrigin {
  source: ContactSource;
  /** When the contact was added, or its file imported. */
  addedAt: Iso;
}

export interface Invitation {
  id: string;
  inviterId: string;
  /** Clear address; null once redacted. */
  recipientEmail: string | null;
  recipientKey: string;
  recipientMemberId: string | null;
  note: string | null;
  source: AddressSource;
  /** Set when `source` is `contacts`. */
  contactOrigin?: ContactOrigin | null;
  state: InvitationState;
  delivery: DeliveryState;
  remindersPlanned: number;
  remindersSent: number;
  nextReminderAt: Iso | null;
  createdAt: Iso;
  expiresAt: Iso;
  closedAt: Iso | null;
  /** What the inviter was told; see `InviterState`. Operators see `state`, inviters this. */
  inviterState: InviterState;
  /** When `inviterState` left `pending`; null while it is pending. */
  inviterClosedAt: Iso | null;
  /**
   * The expiry the inviter was promised. `expiresAt` may move later (an invitation waiting for a
   * digest is held open past it); this never moves, so the inviter cannot tell a deferral.
   */
  inviterExpiresAt: Iso;
}

/**
 * `resume`: the one-time link that lets a recipient lift their own suppression, mailed only because the
 * mailbox's owner asked for it (`core/resume-link.ts`); the only kind that may reach a suppressed address.
 */
export const messageKinds = [
  'invitation',
  'reminder',
  'digest',
  'confirmation',
  'sign-in',
  'resume',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export const messageStates = ['queued', 'sent', 'failed', 'cancelled', 'suppressed'] as const;
export type MessageState = (typeof messageStates)[number];

/** One e-mail in the outbox. Rendered only when the worker sends it, so its links are minted then. */
export interface Message {
  id: string;
  kind: MessageKind;
  invitationId: string | null;
  /** Inviter whose scoped suppressions also apply; null for messages not sent on a member's behalf. */
  inviterId: string | null;
  toEmail: string | null;
  toKey: string;
  state: MessageState;
  dueAt: Iso;
  leaseUntil: Iso | null;
  attempts: number;
  lastError: string | null;
  createdAt: Iso;
  sentAt: Iso | null;
  /** When the current run of transient failures began (absent: none yet). */
  retrySince?: Iso | null;
}

export const suppressionReasons = [
  'stop',
  'decline-block',
  'complaint',
  'hard-bounce',
  'soft-bounce',
  'request',
  'erasure',
  'admin',
] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/** `global`, or `inviter:<memberId>` for "nothing from that member". */
export type SuppressionScope = 'global' | `inviter:${string}`;

export interface Suppression {
  key: string;
  scope: SuppressionScope;
  reason: SuppressionReason;
  /** Where it came from: `link`, `mailto`, `api`, `bounce:<provider>`, `page`… */
  source: string;
  createdAt: Iso;
}

export const tokenPurposes = ['invitation', 'stop', 'dnc-confirm', 'bounce', 'resume'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/** A link's authority. Only the SHA-256 of the token is kept. */
export interface TokenRecord {
  hash: string;
  purpose: TokenPurpose;
  invitationId: string | null;
  /** Suppression key the token speaks for (stop and confirmation links). */
  addressKey: string | null;
  messageId: string | null;
  createdAt: Iso;
}

export interface Connection {
  memberA: string;
  memberB: string;
  invitationId: string | null;
  createdAt: Iso;
}

/** One line of the audit log: who did what to which thing, and when. */
export interface AuditEvent {
  id: string;
  at: Iso;
  /** `member:<id>`, `recipient`, `operator`, `token:<api token id>`, `system`, `worker`. */
  actor: string;
  action: string;
  subjectType: 'member' | 'invitation' | 'message' | 'suppression' | 'connection' | 'api-token';
  subjectId: string;
  data: Record<string, unknown> | null;
}

/** `app`: what an embedding app needs (members, invitations); `operator`: the whole API. */
export const apiTokenRoles = ['app', 'operator'] as const;
export type ApiTokenRole = (typeof apiTokenRoles)[number];

/** A named bearer token for the JSON API. The token itself is shown once and kept only as its hash. */
export interface ApiToken {
  id: string;
  name: string;
  role: ApiTokenRole;
  /** SHA-256 of the token, hex. */
  hash: string;
  createdAt: Iso;
  revokedAt: Iso | null;
  /** Coarse on purpose: written at most once a minute per token, so requests stay reads. */
  lastUsedAt: Iso | null;
}
