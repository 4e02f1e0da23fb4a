/**
 * The consent rules as checks over what actually arrived at the SMTP peer and what the database
 * holds, run after every step of a history. Each failure names the rule it broke. (Test-only.)
 */
import { expect } from 'vitest';
import { dayMs } from '../core/rules.js';
import { hashToken } from '../core/tokens.js';
import type { ConsentWorld } from './consent-world.js';
import { kindOf, landingTokens, stopToken } from './rules-harness.js';

/** One received message, read once: to whom, when (its Date is the manual clock), about which invitations. */
export interface Arrival {
  step: number;
  kind: string;
  key: string;
  at: number;
  invitationIds: string[];
  inviterIds: string[];
  landing: string[];
  stop: string;
}

/** What the checks remember between steps. */
export interface Observed {
  arrivals: Arrival[];
  /** Invitation id → the step after which it was first seen closed, and in which state. */
  closed: Map<string, { step: number; state: string }>;
  /** Invitation id → what its inviter was first seen told (the inviter's view leaves `pending` once). */
  told: Map<string, string>;
  /** `<key> <scope>` → the step after which the suppression was first seen. */
  suppressed: Map<string, number>;
  /** The most invitation-kind messages one address got in any 30-day window. */
  worstWindow: number;
}

export function observed(): Observed {
  return { arrivals: [], closed: new Map(), told: new Map(), suppressed: new Map(), worstWindow: 0 };
}

const windowMs = 30 * dayMs;
const cappedKinds = ['invitation', 'reminder', 'digest'];

async function readArrivals(w: ConsentWorld, seen: Observed, step: number): Promise<void> {
  for (const mail of w.peer.received.slice(seen.arrivals.length)) {
    const landing = landingTokens(mail);
    const invitationIds: string[] = [];
    const inviterIds: string[] = [];
    for (const token of landing) {
      const record = await w.core.store.findToken(hashToken(token), 'invitation');
      const invitation = record?.invitationId
        ? await w.core.store.getInvitation(record.invitationId)
        : undefined;
      invitationIds.push(invitation?.id ?? 'unknown');
      inviterIds.push(invitation?.inviterId ?? 'unknown');
    }
    seen.arrivals.push({
      step,
      kind: kindOf(mail),
      key: w.core.keyOf(mail.envelopeTo[0] ?? ''),
      at: mail.parsed.date?.getTime() ?? Number.NaN,
      invitationIds,
      inviterIds,
      landing,
      stop: stopToken(mail),
    });
  }
}

export async function checkInvariants(
  w: ConsentWorld,
  seen: Observed,
  step: number,
  workerRan: boolean,
): Promise<void> {
  await readArrivals(w, seen, step);
  const invitations = await w.core.store.listInvitations({ limit: 10_000 });

  // 1. An invitation reaches its recipient at most 1 + the reminders its inviter chose: at the peer and on record.
  const recorded = new Map<string, number>();
  const sent = await w.db
    .selectFrom('messages')
    .select('invitation_id')
    .where('state', '=', 'sent')
    .execute();
  const carried = await w.db.selectFrom('digest_items').select('invitation_id').execute();
  for (const row of [...sent, ...carried]) {
    if (row.invitation_id) recorded.set(row.invitation_id, (recorded.get(row.invitation_id) ?? 0) + 1);
  }
  for (const invitation of invitations) {
    const reached = seen.arrivals.filter((a) => a.invitationIds.includes(invitation.id)).length;
    expect(reached, `mail about ${invitation.id}`).toBeLessThanOrEqual(1 + invitation.remindersPlanned);
    expect(recorded.get(invitation.id) ?? 0, `messages recorded for ${invitation.id}`).toBeLessThanOrEqual(
      1 + invitation.remindersPlanned,
    );
  }

  // 2. One address gets at most 3 invitation-kind messages in any 30-day window.
  for (const key of new Set(seen.arrivals.map((a) => a.key))) {
    const times = seen.arrivals
      .filter((a) => a.key === key && cappedKinds.includes(a.kind))
      .map((a) => a.at)
      .sort((a, b) => a - b);
    for (const [i, start] of times.entries()) {
      const fourth = times[i + 3];
      if (fourth !== undefined)
        expect(fourth - start, '4 messages to one address within 30 days').toBeGreaterThanOrEqual(windowMs);
      seen.worstWindow = Math.max(
        seen.worstWindow,
        times.filter((t) => t >= start && t < start + windowMs).length,
      );
    }
  }

  // 3. Nothing reaches an address after its suppression committed, nor from an inviter it blocked.
  for (const s of await w.db.selectFrom('suppressions').select(['key', 'scope']).execute()) {
    if (!seen.suppressed.has(`${s.key} ${s.scope}`)) seen.suppressed.set(`${s.key} ${s.scope}`, step);
  }
  for (const arrival of seen.arrivals) {
    const global = seen.suppressed.get(`${arrival.key} global`);
    expect(global === undefined || arrival.step <= global, 'mail after a global suppression').toBe(true);
    for (const inviterId of arrival.inviterIds) {
      const blocked = seen.suppressed.get(`${arrival.key} inviter:${inviterId}`);
      expect(blocked === undefined || arrival.step <= blocked, 'mail from an inviter after a block').toBe(
        true,
      );
    }
  }

  // 4. Final states never change; 5. nothing about an invitation (a reminder least of all) arrives after it closed.
  for (const invitation of invitations) {
    const closed = seen.closed.get(invitation.id);
    if (closed) expect(invitation.state, `final state of ${invitation.id}`).toBe(closed.state);
    else if (invitation.state !== 'pending')
      seen.closed.set(invitation.id, { step, state: invitation.state });
  }
  // 4b. What an inviter was told stays told: an answer, a withdrawal or a bounce is never taken back.
  for (const invitation of invitations) {
    const told = seen.told.get(invitation.id);
    if (told) expect(invitation.inviterState, `what the inviter of ${invitation.id} was told`).toBe(told);
    else if (invitation.inviterState !== 'pending') seen.told.set(invitation.id, invitation.inviterState);
  }
  for (const arrival of seen.arrivals) {
    for (const id of arrival.invitationIds) {
      const closed = seen.closed.get(id);
      expect(
        closed === undefined || arrival.step <= closed.step,
        `${arrival.kind} about ${id} after it closed`,
      ).toBe(true);
    }
  }

  // 6. Once the worker ran, no invitation closed 30 days ago still holds its address.
  if (workerRan) {
    const cutoff = w.clock.now().getTime() - windowMs;
    for (const invitation of invitations) {
      if (invitation.state === 'pending' || invitation.state === 'accepted' || !invitation.closedAt) continue;
      // Closed in truth and in its inviter's view (which may stay open until the promised expiry).
      const told =
        invitation.inviterState === 'pending' ? invitation.inviterExpiresAt : invitation.inviterClosedAt;
      const settled = Math.max(Date.parse(invitation.closedAt), Date.parse(told ?? invitation.closedAt));
      if (settled <= cutoff) expect(invitation.recipientEmail, 'redaction').toBeNull();
    }
  }
}
