/** The JSON shapes of contacts, imports and suggestions. */
import type { ContactView } from '../../core/contacts.js';
import type { Contact, ContactImport, SuggestionCandidate } from '../../core/contacts-store.js';

/** A contact as its member sees it: `memberId` only when the address belongs to a findable member. */
export function presentContact(contact: Contact, memberId: string | null = null) {
  return {
    id: contact.id,
    name: contact.name,
    emails: contact.addresses.map((a) => a.email),
    source: contact.source,
    importId: contact.importId,
    createdAt: contact.createdAt,
    ...(memberId ? { memberId } : {}),
  };
}

export function presentContactView(view: ContactView) {
  return presentContact(view.contact, view.memberId);
}

export function presentContactImport(job: ContactImport) {
  return {
    id: job.id,
    state: job.state,
    format: job.format,
    layout: job.layout,
    read: job.read,
    added: job.added,
    merged: job.merged,
    skipped: job.skipped,
    invalid: job.invalid,
    invalidCount: job.invalidCount,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

export function presentSuggestion(s: SuggestionCandidate) {
  return {
    memberId: s.memberId,
    name: s.name,
    mutualConnections: s.mutualConnections,
    inYourContacts: s.inYourContacts,
  };
}
