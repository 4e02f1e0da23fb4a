/**
 * The one Store: every query is shared by SQLite and Postgres; the dialect object supplies the few
 * differences (claim locking, durable commits).
 */
import { type Kysely, sql } from 'kysely';
import type { Store } from '../core/ports.js';
import * as apiTokens from './api-token-queries.js';
import * as contactImports from './contact-import-queries.js';
import * as contacts from './contact-queries.js';
import * as handoff from './handoff-queries.js';
import * as invitations from './invitation-queries.js';
import * as leaving from './member-leave-queries.js';
import * as members from './member-queries.js';
import * as messages from './message-queries.js';
import { pendingMigrations } from './migrations/index.js';
import * as records from './record-queries.js';
import { retryConflicts } from './retry-conflicts.js';
import { createRulesStore } from './rules-store.js';
import type { Database } from './schema.js';
import * as softBounces from './soft-bounce-queries.js';
import type { StoreDialect } from './store-dialect.js';
import * as suggestions from './suggestion-queries.js';
import * as suppressionList from './suppression-list-queries.js';

export interface KyselyStoreOptions {
  /** Told each time a transaction is run again after the database ended it as a conflict. */
  onConflict?: ((error: unknown, attempt: number) => void) | undefined;
}

export function createKyselyStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: KyselyStoreOptions = {},
): Store {
  const inTransaction = db.isTransaction;
  const rerun = { onConflict: options.onConflict };

  const store: Store = {
    // Inside a transaction, nested calls simply join it; only the outermost one is ever run again.
    transaction: (work) =>
      inTransaction
        ? work(store)
        : retryConflicts(
            () => db.transaction().execute((trx) => work(createKyselyStore(trx, dialect))),
            rerun,
          ),
    durableTransaction: (work) =>
      inTransaction
        ? work(store)
        : retryConflicts(() => dialect.durable(db, (trx) => work(createKyselyStore(trx, dialect))), rerun),

    insertMember: (member) => members.insertMember(db, member),
    getMember: (id) => members.getMember(db, id),
    findMemberByEmailKey: (emailKey) => members.findMemberByEmailKey(db, emailKey),
    findMemberByExternalId: (externalId) => members.findMemberByExternalId(db, externalId),

    insertInvitation: (invitation) => invitations.insertInvitation(db, invitation),
    getInvitation: (id) => invitations.getInvitation(db, id),
    findPendingInvitation: (inviterId, recipientKey) =>
      invitations.findPendingInvitation(db, inviterId, recipientKey),
    findOpenInvitation: (inviterId, recipientKey, now) =>
      invitations.findOpenInvitation(db, inviterId, recipientKey, now),
    listInvitations: (query) => invitations.listInvitations(db, query),
    listOpenInvitationsTo: (recipientKey, now, inviterId) =>
      invitations.listOpenInvitationsTo(db, recipientKey, now, inviterId),
    moveInvitation: (id, from, to, at, changes) => invitations.moveInvitation(db, id, from, to, at, changes),
    withdrawInvitation: (id, at) => invitations.withdrawInvitation(db, id, at),
    tellInviter: (id, told, at) => invitations.tellInviter(db, id, told, at),
    setInvitationDelivery: (id, delivery) => invitations.setInvitationDelivery(db, id, delivery),

    insertMessage: (message) => messages.insertMessage(db, message),
    getMessage: (id) => messages.getMessage(db, id),
    listMessagesForInvitation: (invitationId) => messages.listMessagesForInvitation(db, invitationId),
    claimDueMessages: (now, leaseUntil, limit) =>
      messages.claimDueMessages(db, dialect, now, leaseUntil, limit),
    handOffMessage: (id, leaseUntil, handoffAt, newLeaseUntil) =>
      handoff.handOffMessage(db, id, leaseUntil, handoffAt, newLeaseUntil),
    updateMessage: (id, update) => messages.updateMessage(db, id, update),
    cancelQueuedMessages: (invitationId) => messages.cancelQueuedMessages(db, invitationId),
    countMessagesTo: (toKey, kinds, since, states) =>
      messages.countMessagesTo(db, toKey, kinds, since, states),

    addSuppression: (suppression) => records.addSuppression(db, suppression),
    findSuppressions: (key, inviterId) => records.findSuppressions(db, key, inviterId),
    removeSuppression: (key, scope) => records.removeSuppression(db, key, scope),
    listSuppressions: (query) => suppressionList.listSuppressions(db, query),
    recordSoftBounce: (bounce) => softBounces.recordSoftBounce(db, bounce),
    countSoftBounces: (key, since) => softBounces.countSoftBounces(db, key, since),

    insertToken: (token) => records.insertToken(db, token),
    findToken: (hash, purpose) => records.findToken(db, hash, purpose),
    deleteToken: (hash, purpose) => records.deleteToken(db, hash, purpose),

    insertApiToken: (token) => apiTokens.insertApiToken(db, token),
    getApiToken: (id) => apiTokens.getApiToken(db, id),
    findApiTokenByHash: (hash) => apiTokens.findApiTokenByHash(db, hash),
    listApiTokens: () => apiTokens.listApiTokens(db),
    revokeApiToken: (id, at) => apiTokens.revokeApiToken(db, id, at),
    touchApiToken: (id, at, staleBefore) => apiTokens.touchApiToken(db, id, at, staleBefore),

    insertConnection: (connection) => members.insertConnection(db, connection),
    listConnections: (memberId) => members.listConnections(db, memberId),

    insertEvent: (event) => records.insertEvent(db, event),
    listEvents: (subjectType, subjectId) => records.listEvents(db, subjectType, subjectId),

    insertDevMail: (mail) => records.insertDevMail(db, mail),
    listDevMail: (limit) => records.listDevMail(db, limit),
    getDevMail: (id) => records.getDevMail(db, id),

    ...createRulesStore(db, dialect),

    insertContact: (contact) => contacts.insertContact(db, contact),
    addContactAddresses: (contactId, memberId, addresses) =>
      contacts.addContactAddresses(db, contactId, memberId, addresses),
    nameContact: (contactId, name) => contacts.nameContact(db, contactId, name),
    findContactsByKeys: (memberId, keys) => contacts.findContactsByKeys(db, memberId, keys),
    getContact: (memberId, contactId) => contacts.getContact(db, memberId, contactId),
    listContacts: (memberId, query) => contacts.listContacts(db, memberId, query),
    deleteContact: (memberId, contactId) => contacts.deleteContact(db, memberId, contactId),
    deleteContacts: (memberId) => contacts.deleteContacts(db, memberId),
    removeAddressFromBooks: (key) => contacts.removeAddressFromBooks(db, key),
    findErasedKeys: (keys) => contacts.findErasedKeys(db, keys),
    findDiscoverableMembers: (keys) => contacts.findDiscoverableMembers(db, keys),
    insertContactImport: (job) => contactImports.insertContactImport(db, job),
    saveContactImport: (job) => contactImports.saveContactImport(db, job),
    getContactImport: (memberId, importId) => contactImports.getContactImport(db, memberId, importId),
    deleteContactImports: (memberId) => contactImports.deleteContactImports(db, memberId),
    listSuggestions: (memberId, memberKey, options) =>
      suggestions.listSuggestions(db, memberId, memberKey, options),
    dismissSuggestion: (memberId, otherId, at) => suggestions.dismissSuggestion(db, memberId, otherId, at),
    haveMutualConnection: (a, b) => suggestions.haveMutualConnection(db, a, b),
    updateMemberSettings: (memberId, settings) => leaving.updateMemberSettings(db, memberId, settings),
    retireMember: (memberId, at) => leaving.retireMember(db, memberId, at),
    listInvitationsOfMember: (memberId, memberKey) =>
      leaving.listInvitationsOfMember(db, memberId, memberKey),
    redactMemberMail: (memberId, memberKey, email, marker) =>
      leaving.redactMemberMail(db, memberId, memberKey, email, marker),

    readiness: () => readiness(db),
    // A transaction's store does not own the connection.
    close: async () => {
      if (!inTransaction) await db.destroy();
    },
  };
  return store;
}

/** Never throws: an unreachable database is reported, not raised. */
async function readiness(db: Kysely<Database>): Promise<{ database: boolean; migrations: boolean }> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { database: false, migrations: false };
  }
  try {
    return { database: true, migrations: (await pendingMigrations(db)).length === 0 };
  } catch {
    return { database: true, migrations: false };
  }
}
