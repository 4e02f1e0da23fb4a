/** The Kysely side of the consent rules' port, shared by SQLite and Postgres. */
import type { Kysely } from 'kysely';
import type { RulesStore } from '../core/rules-store.js';
import * as cap from './cap-queries.js';
import * as inviters from './inviter-queries.js';
import * as prune from './prune-queries.js';
import * as redaction from './redaction-queries.js';
import * as schedule from './schedule-queries.js';
import type { Database } from './schema.js';
import type { StoreDialect } from './store-dialect.js';

export function createRulesStore(db: Kysely<Database>, dialect: StoreDialect): RulesStore {
  return {
    lockGate: (name, at) => cap.lockGate(db, name, at),
    listCapSlots: (key, since) => cap.listCapSlots(db, key, since),
    saveCapSlot: (messageId, key, at) => cap.saveCapSlot(db, messageId, key, at),
    countWaitingInvitationMail: (key) => cap.countWaitingInvitationMail(db, key),
    findQueuedDigest: (key) => cap.findQueuedDigest(db, key),
    listDeferredInvitationsTo: (key) => cap.listDeferredInvitationsTo(db, key),
    addDigestItems: (messageId, ids) => cap.addDigestItems(db, messageId, ids),
    listDigestItems: (messageId) => cap.listDigestItems(db, messageId),
    setReminderProgress: (id, sent, nextAt) => cap.setReminderProgress(db, id, sent, nextAt),
    setInvitationExpiry: (id, expiresAt) => cap.setInvitationExpiry(db, id, expiresAt),

    listInvitationTimes: (inviterId, since) => inviters.listInvitationTimes(db, inviterId, since),
    openSummary: (inviterId, now) => inviters.openSummary(db, inviterId, now),
    lastToldAt: (inviterId, key, state) => inviters.lastToldAt(db, inviterId, key, state),
    markDelivered: (id, inviterId, at) => inviters.markDelivered(db, id, inviterId, at),
    noteFeedback: (id, inviterId, feedback, at) => inviters.noteFeedback(db, id, inviterId, feedback, at),
    listDeliveredOutcomes: (inviterId, limit) => inviters.listDeliveredOutcomes(db, inviterId, limit),
    listOpenIdsOf: (inviterId, now, filter) => inviters.listOpenIdsOf(db, inviterId, now, filter),

    lockDueExpiries: (now, limit) => schedule.lockDueExpiries(db, dialect, now, limit),
    lockDueRedactions: (settledBy, limit) => schedule.lockDueRedactions(db, dialect, settledBy, limit),
    redactAddress: (target, marker) => redaction.redactAddress(db, target, marker),
    redactFinishedAddressMail: (createdBy, marker, limit) =>
      redaction.redactFinishedAddressMail(db, createdBy, marker, limit),

    pruneCapSlots: (atOrBefore, limit) => prune.pruneCapSlots(db, atOrBefore, limit),
    pruneSoftBounces: (before, limit) => prune.pruneSoftBounces(db, before, limit),
    pruneGates: (touchedBefore, limit) => prune.pruneGates(db, touchedBefore, limit),
  };
}
