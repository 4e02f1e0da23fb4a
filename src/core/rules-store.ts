/**
 * The persistence the consent rules need, apart from the basic Store so the rules can grow without
 * touching every other port. `Store` extends it, so a transaction's store has these too.
 */
import type { Invitation, Iso, Message } from './model.js';

/** One invitation-kind message that counts against its recipient's cap, from when it was let through. */
export interface CapSlot {
  messageId: string;
  at: Iso;
}

export type RecipientFeedback = 'complaint' | 'never-again';

/** What became of one delivered invitation, for the inviter throttle. */
export interface DeliveredOutcome {
  invitationId: string;
  deliveredAt: Iso;
  feedback: RecipientFeedback | null;
  feedbackAt: Iso | null;
}

/** An inviter's invitations open in their view (`inviter-view.ts`). */
export interface PendingSummary {
  count: number;
  /** The earliest promised expiry among them: when the count will drop by itself at the latest. */
  earliestExpiry: Iso | null;
}

export interface RulesStore {
  /**
   * Holds a named gate (`recipient:<key>`, `inviter:<id>`) until the transaction ends, so rule checks
   * on one subject run one at a time across processes: a write to the gate's row, which both SQLite
   * and Postgres serialise.
   */
  lockGate(name: string, at: Iso): Promise<void>;

  /** Slots of `recipientKey` after `since` whose message is still queued or was sent, newest first. */
  listCapSlots(recipientKey: string, since: Iso): Promise<CapSlot[]>;
  /** Takes (or moves to `at`) the slot of one message. */
  saveCapSlot(messageId: string, recipientKey: string, at: Iso): Promise<void>;
  /** Queued invitation messages to the key that have no slot yet: mail that will compete for one soon. */
  countWaitingInvitationMail(recipientKey: string): Promise<number>;
  /** The one queued digest of an address, if any. */
  findQueuedDigest(recipientKey: string): Promise<Message | undefined>;
  /** Pending invitations to the key waiting for a digest (`delivery = 'deferred'`), oldest first. */
  listDeferredInvitationsTo(recipientKey: string): Promise<Invitation[]>;
  addDigestItems(messageId: string, invitationIds: readonly string[]): Promise<void>;
  /** The invitations a sent digest carried. */
  listDigestItems(messageId: string): Promise<string[]>;

  setReminderProgress(invitationId: string, sent: number, nextAt: Iso | null): Promise<void>;
  setInvitationExpiry(invitationId: string, expiresAt: Iso): Promise<void>;

  /** Creation times of the inviter's invitations at or after `since`, oldest first. */
  listInvitationTimes(inviterId: string, since: Iso): Promise<Iso[]>;
  /** The inviter's invitations open in their view at `now`. */
  openSummary(inviterId: string, now: Iso): Promise<PendingSummary>;
  /** When the inviter was last told `state` (in their view) about an invitation to the key. */
  lastToldAt(
    inviterId: string,
    recipientKey: string,
    state: 'withdrawn' | 'declined',
  ): Promise<Iso | undefined>;
  markDelivered(invitationId: string, inviterId: string, at: Iso): Promise<void>;
  /** Records what the recipient did about the invitation; a complaint outranks "never again". */
  noteFeedback(invitationId: string, inviterId: string, feedback: RecipientFeedback, at: Iso): Promise<void>;
  /** The inviter's latest delivered invitations, newest first. */
  listDeliveredOutcomes(inviterId: string, limit: number): Promise<DeliveredOutcome[]>;

  /**
   * The inviter's invitations open in their view at `now`, optionally only these ids and only those
   * created before a time.
   */
  listOpenIdsOf(
    inviterId: string,
    now: Iso,
    filter: { ids?: readonly string[]; createdBefore?: Iso },
  ): Promise<string[]>;

  /**
   * Claims pending invitations whose expiry has passed, for the rest of the transaction (on Postgres
   * `FOR UPDATE SKIP LOCKED`, so concurrent workers split them).
   */
  lockDueExpiries(now: Iso, limit: number): Promise<string[]>;
  /**
   * Claims closed invitations that still hold a clear address and settled (closed in truth and in
   * their inviter's view) at or before `settledBy`.
   */
  lockDueRedactions(
    settledBy: Iso,
    limit: number,
  ): Promise<Array<{ id: string; recipientKey: string; email: string }>>;
  /**
   * Removes the invitation's clear address everywhere it was copied: the invitation (address and any
   * mention in the note), its messages and the finished address-level messages (digests), their
   * dev-mailbox copies, and the audit data of all of them.
   */
  redactAddress(target: { id: string; recipientKey: string; email: string }, marker: string): Promise<void>;
  /**
   * Removes the clear address from finished mail that belongs to no invitation (do-not-contact
   * confirmations) created at or before `createdBy`; returns how many messages it redacted.
   */
  redactFinishedAddressMail(createdBy: Iso, marker: string, limit: number): Promise<number>;

  /** Deletes up to `limit` cap slots taken at or before `atOrBefore`; returns how many. */
  pruneCapSlots(atOrBefore: Iso, limit: number): Promise<number>;
  /** Deletes up to `limit` soft bounces recorded before `before`. */
  pruneSoftBounces(before: Iso, limit: number): Promise<number>;
  /** Deletes up to `limit` gate rows last locked before `touchedBefore`. */
  pruneGates(touchedBefore: Iso, limit: number): Promise<number>;
}
