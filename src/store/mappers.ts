/** Rows ↔ entities. The only place that knows both the column names and the entity fields. */

import type {
  AddressSource,
  ApiToken,
  ApiTokenRole,
  AuditEvent,
  Connection,
  ContactSource,
  DeliveryState,
  Invitation,
  InvitationState,
  InvitePolicy,
  InviterState,
  Member,
  Message,
  MessageKind,
  MessageState,
  Suppression,
  SuppressionReason,
  SuppressionScope,
  TokenPurpose,
  TokenRecord,
} from '../core/model.js';
import { invitePolicies } from '../core/model.js';
import type { DevMail } from '../core/ports.js';
import type {
  ApiTokenRow,
  ConnectionRow,
  DevMailRow,
  EventRow,
  InvitationRow,
  MemberRow,
  MessageRow,
  NewMessageRow,
  SuppressionRow,
  TokenRow,
} from './schema.js';

/** An unknown stored policy reads as the strictest one rather than as `anyone`. */
export function parseInvitePolicy(value: string): InvitePolicy {
  return (invitePolicies as readonly string[]).includes(value) ? (value as InvitePolicy) : 'nobody';
}

export function memberToRow(m: Member): MemberRow {
  return {
    id: m.id,
    email: m.email,
    email_key: m.emailKey,
    name: m.name,
    external_id: m.externalId,
    allow_reply_to: m.allowReplyTo ? 1 : 0,
    discoverable: (m.discoverable ?? true) ? 1 : 0,
    invite_policy: m.invitePolicy ?? 'anyone',
    deleted_at: null,
    created_at: m.createdAt,
  };
}

export function rowToMember(r: MemberRow): Member {
  return {
    id: r.id,
    email: r.email,
    emailKey: r.email_key,
    name: r.name,
    externalId: r.external_id,
    allowReplyTo: Number(r.allow_reply_to) !== 0,
    discoverable: Number(r.discoverable) !== 0,
    invitePolicy: parseInvitePolicy(r.invite_policy),
    createdAt: r.created_at,
  };
}

export function invitationToRow(i: Invitation): InvitationRow {
  return {
    id: i.id,
    inviter_id: i.inviterId,
    recipient_email: i.recipientEmail,
    recipient_key: i.recipientKey,
    recipient_member_id: i.recipientMemberId,
    note: i.note,
    source: i.source,
    contact_origin: i.contactOrigin?.source ?? null,
    contact_added_at: i.contactOrigin?.addedAt ?? null,
    state: i.state,
    delivery: i.delivery,
    reminders_planned: i.remindersPlanned,
    reminders_sent: i.remindersSent,
    next_reminder_at: i.nextReminderAt,
    created_at: i.createdAt,
    expires_at: i.expiresAt,
    closed_at: i.closedAt,
    inviter_state: i.inviterState,
    inviter_closed_at: i.inviterClosedAt,
    inviter_expires_at: i.inviterExpiresAt,
    settled_at: settledAt(i),
  };
}

/**
 * When a new row is settled: never while it is pending; for one written closed (an invitation to a
 * suppressed address) when its inviter's view closes too, so its address outlives that view.
 */
function settledAt(i: Invitation): string | null {
  if (i.state === 'pending' || i.closedAt === null) return null;
  const told = i.inviterState === 'pending' ? i.inviterExpiresAt : (i.inviterClosedAt ?? i.closedAt);
  // ISO-8601 UTC text sorts as time: the later of the two.
  return [i.closedAt, told].sort()[1] ?? i.closedAt;
}

export function rowToInvitation(r: InvitationRow): Invitation {
  return {
    id: r.id,
    inviterId: r.inviter_id,
    recipientEmail: r.recipient_email,
    recipientKey: r.recipient_key,
    recipientMemberId: r.recipient_member_id,
    note: r.note,
    source: r.source as AddressSource,
    ...(r.contact_origin && r.contact_added_at
      ? { contactOrigin: { source: r.contact_origin as ContactSource, addedAt: r.contact_added_at } }
      : {}),
    state: r.state as InvitationState,
    delivery: r.delivery as DeliveryState,
    remindersPlanned: Number(r.reminders_planned),
    remindersSent: Number(r.reminders_sent),
    nextReminderAt: r.next_reminder_at,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    closedAt: r.closed_at,
    inviterState: r.inviter_state as InviterState,
    inviterClosedAt: r.inviter_closed_at,
    inviterExpiresAt: r.inviter_expires_at,
  };
}

/** Without `handoff_at`: only the hand-off statement (`handoff-queries.ts`) writes it. */
export function messageToRow(m: Message): NewMessageRow {
  return {
    id: m.id,
    kind: m.kind,
    invitation_id: m.invitationId,
    inviter_id: m.inviterId,
    to_email: m.toEmail,
    to_key: m.toKey,
    state: m.state,
    due_at: m.dueAt,
    lease_until: m.leaseUntil,
    attempts: m.attempts,
    last_error: m.lastError,
    created_at: m.createdAt,
    sent_at: m.sentAt,
  };
}

export function rowToMessage(r: MessageRow): Message {
  return {
    id: r.id,
    kind: r.kind as MessageKind,
    invitationId: r.invitation_id,
    inviterId: r.inviter_id,
    toEmail: r.to_email,
    toKey: r.to_key,
    state: r.state as MessageState,
    dueAt: r.due_at,
    leaseUntil: r.lease_until,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    ...(r.retry_since === null ? {} : { retrySince: r.retry_since }),
  };
}

export function suppressionToRow(s: Suppression): SuppressionRow {
  return { key: s.key, scope: s.scope, reason: s.reason, source: s.source, created_at: s.createdAt };
}

export function rowToSuppression(r: SuppressionRow): Suppression {
  return {
    key: r.key,
    scope: r.scope as SuppressionScope,
    reason: r.reason as SuppressionReason,
    source: r.source,
    createdAt: r.created_at,
  };
}

export function tokenToRow(t: TokenRecord): TokenRow {
  return {
    hash: t.hash,
    purpose: t.purpose,
    invitation_id: t.invitationId,
    address_key: t.addressKey,
    message_id: t.messageId,
    created_at: t.createdAt,
  };
}

export function rowToToken(r: TokenRow): TokenRecord {
  return {
    hash: r.hash,
    purpose: r.purpose as TokenPurpose,
    invitationId: r.invitation_id,
    addressKey: r.address_key,
    messageId: r.message_id,
    createdAt: r.created_at,
  };
}

/** Stores the pair in canonical order (`member_a < member_b`), so either order finds the same row. */
export function connectionToRow(c: Connection): ConnectionRow {
  const [a, b] = c.memberA < c.memberB ? [c.memberA, c.memberB] : [c.memberB, c.memberA];
  return { member_a: a, member_b: b, invitation_id: c.invitationId, created_at: c.createdAt };
}

export function rowToConnection(r: ConnectionRow): Connection {
  return { memberA: r.member_a, memberB: r.member_b, invitationId: r.invitation_id, createdAt: r.created_at };
}

export function eventToRow(e: AuditEvent): EventRow {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    data: e.data === null ? null : JSON.stringify(e.data),
  };
}

export function rowToEvent(r: EventRow): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type as AuditEvent['subjectType'],
    subjectId: r.subject_id,
    data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
  };
}

export function devMailToRow(d: DevMail): DevMailRow {
  return {
    id: d.id,
    message_id: d.messageId,
    to_address: d.to,
    subject: d.subject,
    raw: d.raw,
    created_at: d.createdAt,
  };
}

export function rowToDevMail(r: DevMailRow): DevMail {
  return {
    id: r.id,
    messageId: r.message_id,
    to: r.to_address,
    subject: r.subject,
    raw: r.raw,
    createdAt: r.created_at,
  };
}

export function apiTokenToRow(t: ApiToken): ApiTokenRow {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    hash: t.hash,
    created_at: t.createdAt,
    revoked_at: t.revokedAt,
    last_used_at: t.lastUsedAt,
  };
}

export function rowToApiToken(r: ApiTokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    role: r.role as ApiTokenRole,
    hash: r.hash,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}
