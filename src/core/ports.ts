/**
 * The interfaces the core needs from the outside world. Adapters implement them; the core never
 * imports an adapter.
 */

import type { ContactsStore } from './contacts-store.js';
import type {
  ApiToken,
  AuditEvent,
  Connection,
  DeliveryState,
  Invitation,
  InvitationState,
  InviterState,
  Iso,
  Member,
  Message,
  MessageState,
  Suppression,
  SuppressionScope,
  TokenPurpose,
  TokenRecord,
} from './model.js';
import type { RulesStore } from './rules-store.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new identifier with a readable prefix, e.g. `inv_…`. */
  id(prefix: 'mem' | 'inv' | 'msg' | 'evt' | 'tok' | 'con' | 'imp'): string;
  /** A new secret token: at least 128 random bits, URL-safe. */
  token(): string;
}

export interface InvitationQuery {
  inviterId?: string;
  /** The state in truth (what operators filter by). */
  state?: InvitationState;
  /** The status in the inviter's view at `now` (what apps filter by; `core/inviter-view.ts`). */
  inviterView?: { status: InvitationState; now: Iso };
  limit: number;
  /** Keyset cursor: items strictly after this (createdAt, id), newest first. */
  after?: { createdAt: Iso; id: string };
}

/** A page of the suppression list, oldest first by (createdAt, key, scope), strictly after `after`. */
export interface SuppressionQuery {
  limit: number;
  after?: Pick<Suppression, 'createdAt' | 'key' | 'scope'>;
}

export interface MessageUpdate {
  state?: MessageState;
  dueAt?: Iso;
  leaseUntil?: Iso | null;
  lastError?: string | null;
  sentAt?: Iso | null;
  retrySince?: Iso | null;
  /** Set back when a claim turned out not to be a delivery attempt (a digest waiting for its window). */
  attempts?: number;
}

/**
 * What `handOffMessage` found: 'ready' to send, or why not: a suppression covers the address, the
 * message is no longer queued ('cancelled'), or its lease moved to another worker ('lost').
 */
export type HandoffResult = 'ready' | 'suppressed' | 'cancelled' | 'lost';

/** A rendered message kept for the dev mailbox (only when no SMTP server is configured). */
export interface DevMail {
  id: string;
  messageId: string | null;
  to: string;
  subject: string;
  raw: string;
  createdAt: Iso;
}

/** One soft bounce of an address, kept by suppression key only, to count toward the soft-bounce rule. */
export interface SoftBounce {
  id: string;
  key: string;
  /** Our outbox id when the report named it; one row per (key, message). */
  messageId: string | null;
  source: string;
  at: Iso;
}

/**
 * Persistence. Every method is one statement or one small atomic unit; callers compose them inside
 * `transaction` when several must succeed together.
 */
export interface Store extends RulesStore, ContactsStore {
  /**
   * Runs `work` in one transaction; the `Store` it gets sees and writes only inside it. When the
   * database gives the transaction up to let a conflicting one go first (a deadlock), `work` runs
   * again from the start, so it must change nothing outside the store.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Like `transaction`, but the commit is on disk (fsync'd) before it resolves, even where other
   * commits are not. For opt-outs, which must survive a crash the moment their page answers.
   */
  durableTransaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  insertMember(member: Member): Promise<void>;
  getMember(id: string): Promise<Member | undefined>;
  findMemberByEmailKey(emailKey: string): Promise<Member | undefined>;
  findMemberByExternalId(externalId: string): Promise<Member | undefined>;

  insertInvitation(invitation: Invitation): Promise<void>;
  getInvitation(id: string): Promise<Invitation | undefined>;
  /** The inviter's invitation to the key that is pending in truth, if any (at most one). */
  findPendingInvitation(inviterId: string, recipientKey: string): Promise<Invitation | undefined>;
  /** The inviter's invitation to the key that the inviter sees open (`pending`) at `now`, if any. */
  findOpenInvitation(inviterId: string, recipientKey: string, now: Iso): Promise<Invitation | undefined>;
  listInvitations(query: InvitationQuery): Promise<Invitation[]>;
  /**
   * Invitations addressed to `recipientKey` (optionally only those from one inviter) that are pending
   * in truth or that their inviter still sees open at `now`.
   */
  listOpenInvitationsTo(recipientKey: string, now: Iso, inviterId?: string): Promise<Invitation[]>;
  /**
   * Compare-and-set: moves the invitation from `from` to `to` only if it is still in `from`.
   * Returns false (and changes nothing) when another move won. `inviterState` is what the move tells
   * the inviter; without it the inviter's view is left as it was.
   */
  moveInvitation(
    id: string,
    from: InvitationState,
    to: InvitationState,
    at: Iso,
    changes?: { delivery?: DeliveryState; recipientMemberId?: string; inviterState?: InviterState },
  ): Promise<boolean>;
  /**
   * Compare-and-set on the inviter's view: withdraws the invitation when its inviter sees it open at
   * `at`, closing it in truth too when it is still pending there. False when it was not open.
   */
  withdrawInvitation(id: string, at: Iso): Promise<boolean>;
  /** Sets what the inviter is told (`told`, at `at`) when their view is still `pending`; false otherwise. */
  tellInviter(id: string, told: InviterState, at: Iso): Promise<boolean>;
  setInvitationDelivery(id: string, delivery: DeliveryState): Promise<void>;

  insertMessage(message: Message): Promise<void>;
  getMessage(id: string): Promise<Message | undefined>;
  listMessagesForInvitation(invitationId: string): Promise<Message[]>;
  /**
   * Leases up to `limit` queued messages due at `now` whose lease is absent or expired, setting
   * `leaseUntil` and counting an attempt. No two concurrent callers get the same message.
   */
  claimDueMessages(now: Iso, leaseUntil: Iso, limit: number): Promise<Message[]>;
  /**
   * The consent check and the hand-off mark as one statement, the last step before SMTP: when the
   * message is still queued, still leased at `leaseUntil` (so by this caller) and no suppression
   * covers it, sets `handoff_at` and moves the lease to `newLeaseUntil` → 'ready'. A suppression
   * committed before this runs is always seen, so it is the moment the message's send begins.
   */
  handOffMessage(id: string, leaseUntil: Iso, handoffAt: Iso, newLeaseUntil: Iso): Promise<HandoffResult>;
  updateMessage(id: string, update: MessageUpdate): Promise<void>;
  /** Cancels every still-queued message of an invitation; returns how many. */
  cancelQueuedMessages(invitationId: string): Promise<number>;
  /**
   * Messages to `toKey` of these kinds created at or after `since`, in `states` (default queued or
   * sent), for per-address rate limits.
   */
  countMessagesTo(
    toKey: string,
    kinds: readonly Message['kind'][],
    since: Iso,
    states?: readonly MessageState[],
  ): Promise<number>;

  /** Adds a suppression; an existing one for the same key and scope is kept as it is. */
  addSuppression(suppression: Suppression): Promise<void>;
  /** Suppressions that stop mail to `key`: the global one and, when given, the inviter's. */
  findSuppressions(key: string, inviterId?: string): Promise<Suppression[]>;
  /** Use cases lift through `core/lift-suppression.ts`, which keeps complaints from operators. */
  removeSuppression(key: string, scope: SuppressionScope): Promise<void>;
  /** Keys only, as stored; a caller pages through all of them by passing the last one as `after`. */
  listSuppressions(query: SuppressionQuery): Promise<Suppression[]>;

  /** Counts a soft bounce; a second one for the same key and message is ignored (returns false). */
  recordSoftBounce(bounce: SoftBounce): Promise<boolean>;
  /** Soft bounces of `key` at or after `since`. */
  countSoftBounces(key: string, since: Iso): Promise<number>;

  insertToken(token: TokenRecord): Promise<void>;
  findToken(hash: string, purpose: TokenPurpose): Promise<TokenRecord | undefined>;
  /** Deletes the token (a one-time link being used); false when it was already gone. */
  deleteToken(hash: string, purpose: TokenPurpose): Promise<boolean>;

  /** Raises `UniqueViolation` when the id or the hash is taken. */
  insertApiToken(token: ApiToken): Promise<void>;
  getApiToken(id: string): Promise<ApiToken | undefined>;
  /** Revoked ones too: whether a revoked token still counts is the caller's decision. */
  findApiTokenByHash(hash: string): Promise<ApiToken | undefined>;
  /** Every API token, revoked ones included, oldest first. */
  listApiTokens(): Promise<ApiToken[]>;
  /** Sets `revokedAt` unless the token is already revoked; false when nothing changed. */
  revokeApiToken(id: string, at: Iso): Promise<boolean>;
  /**
   * Sets `lastUsedAt` to `at` only when it is unset or before `staleBefore`, so processes racing
   * to record one use write once; false when nothing changed.
   */
  touchApiToken(id: string, at: Iso, staleBefore: Iso): Promise<boolean>;

  /** Inserts the connection unless the two members are already connected. */
  insertConnection(connection: Connection): Promise<void>;
  listConnections(memberId: string): Promise<Connection[]>;

  insertEvent(event: AuditEvent): Promise<void>;
  listEvents(subjectType: AuditEvent['subjectType'], subjectId: string): Promise<AuditEvent[]>;

  insertDevMail(mail: DevMail): Promise<void>;
  listDevMail(limit: number): Promise<DevMail[]>;
  getDevMail(id: string): Promise<DevMail | undefined>;

  /** Health: the database answers and every migration has run. */
  readiness(): Promise<{ database: boolean; migrations: boolean }>;
  close(): Promise<void>;
}

/** A message ready for the wire. Composed by `src/mail/compose`, sent by a `Mailer`. */
export interface OutgoingMail {
  /** Our own Message-ID, without angle brackets: `<id>@<domain>`. */
  messageId: string;
  envelope: { from: string; to: string };
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, Auto-Submitted, Feedback-ID, X-Kindly-Kind…). */
  headers: Record<string, string>;
  date: Date;
}

export interface SendResult {
  /** What the SMTP peer said, for the log. */
  response: string;
}

/** Hands composed mail to the network (SMTP) or to the dev mailbox. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): Promise<void>;
}

/**
 * Thrown by a Store when a write breaks a uniqueness rule (two pending invitations for one pair,
 * two members with one address). Use cases turn it into their own answer.
 */
export class UniqueViolation extends Error {
  constructor(message = 'unique constraint violated', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UniqueViolation';
  }
}

/** The slice of pino the core and workers use, so tests can pass a silent one. */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
