/** Builders for the storage contract: valid entities with readable ids and fixed times. */
import type { Invitation, Member, Message } from '../../core/model.js';
import type { Store } from '../../core/ports.js';

/** What each contract case gets: a store on an empty, migrated database. */
export interface ContractContext {
  readonly store: Store;
}

const base = Date.parse('2026-12-01T00:00:00.000Z');

/** The ISO time `seconds` after the contract's fixed starting point. */
export function at(seconds: number): string {
  return new Date(base + seconds * 1000).toISOString();
}

export function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    email: `${id}@example.com`,
    emailKey: `key-${id}`,
    name: `Member ${id}`,
    externalId: null,
    allowReplyTo: true,
    discoverable: true,
    invitePolicy: 'anyone',
    createdAt: at(0),
    ...overrides,
  };
}

export function invitation(id: string, inviterId: string, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id,
    inviterId,
    recipientEmail: `to-${id}@example.org`,
    recipientKey: `rkey-${id}`,
    recipientMemberId: null,
    note: null,
    source: 'entered',
    state: 'pending',
    delivery: 'queued',
    remindersPlanned: 1,
    remindersSent: 0,
    nextReminderAt: at(7 * 86_400),
    createdAt: at(0),
    expiresAt: at(30 * 86_400),
    closedAt: null,
    inviterState: 'pending',
    inviterClosedAt: null,
    inviterExpiresAt: overrides.expiresAt ?? at(30 * 86_400),
    ...overrides,
  };
}

export function message(id: string, overrides: Partial<Message> = {}): Message {
  return {
    id,
    kind: 'invitation',
    invitationId: null,
    inviterId: null,
    toEmail: `to-${id}@example.org`,
    toKey: `mkey-${id}`,
    state: 'queued',
    dueAt: at(0),
    leaseUntil: null,
    attempts: 0,
    lastError: null,
    createdAt: at(0),
    sentAt: null,
    ...overrides,
  };
}

/** `n` zero-padded, so ids sort as numbers. */
export function pad(n: number): string {
  return String(n).padStart(3, '0');
}
