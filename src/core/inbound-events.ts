/**
 * What Kindly does when mail comes back. Every source (a DSN or ARF report received over SMTP, a
 * provider webhook, a mailto unsubscribe) is normalised into one `InboundEvent` already tied to the
 * address it is about; this file holds the rules (DESIGN "Rules" and the corpus README):
 *
 * - complaint → global suppression `complaint` at once, which no operator can lift (see
 *   `lift-suppression.ts`); a DMARC `auth-failure` or a `not-spam` report is nobody's complaint;
 * - hard bounce → global suppression `hard-bounce` at once;
 * - soft bounce → counted once per (address, message), whichever path reports it; the third within
 *   seven days → `soft-bounce`;
 * - unsubscribe → global suppression `stop`, like the one-click link;
 * - auto-reply, delivered, not a bounce → nothing.
 *
 * A suppression closes the address's pending invitations (`undeliverable`) and cancels their queued
 * mail, reminders included, through `applySuppression`. Every event leaves one audit line.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import type { SuppressionReason } from './model.js';
import type { Store } from './ports.js';
import { dayMs } from './rules.js';
import { applySuppression, bouncedInvitations } from './suppress.js';

export const inboundCategories = [
  'hard',
  'soft',
  'complaint',
  'unsubscribe',
  'auto-reply',
  'delivered',
  'not-a-bounce',
] as const;
export type InboundCategory = (typeof inboundCategories)[number];

/** The address (and, when known, our message and invitation) a report is about. */
export interface InboundTarget {
  addressKey: string;
  invitationId: string | null;
  messageId: string | null;
  /** How the report was tied to our mail (`verp`, `message-id`, …), for the audit log. */
  via: string;
}

export interface InboundEvent {
  category: InboundCategory;
  /** Who reported it: `smtp`, `ses`, `postmark`, `sendgrid`. */
  source: string;
  target: InboundTarget;
  /** ARF Feedback-Type (`abuse`, `auth-failure`, …) for complaints. */
  feedbackType?: string | null;
  /** Codes and names only, for the audit log: never an address or a diagnostic text. */
  status?: string | null;
  replyCode?: string | null;
  reason?: string | null;
}

export type InboundOutcome = 'suppressed' | 'counted' | 'ignored';

/** DESIGN: soft bounces suppress after 3 within 7 days. */
export const softBounceRule = { limit: 3, windowDays: 7 } as const;

/** Applies one event. Durable: when this resolves, any suppression it made is on disk. */
export async function applyInboundEvent(deps: CoreDeps, event: InboundEvent): Promise<InboundOutcome> {
  const [outcome] = await applyInboundEvents(deps, [event]);
  return outcome ?? 'ignored';
}

/**
 * Applies several events (each about a different address) in one durable transaction, one audit
 * line each, and returns their outcomes in order: one commit, one fsync, however many events. Keep
 * batches small; the caller decides how many (`mail/inbound/apply-reports.ts`).
 */
export async function applyInboundEvents(
  deps: CoreDeps,
  events: readonly InboundEvent[],
): Promise<InboundOutcome[]> {
  if (events.length === 0) return [];
  return deps.store.durableTransaction(async (tx) => {
    const outcomes: InboundOutcome[] = [];
    for (const event of events) outcomes.push(await applyWithin(deps, tx, event));
    return outcomes;
  });
}

async function applyWithin(deps: CoreDeps, tx: Store, event: InboundEvent): Promise<InboundOutcome> {
  const { outcome, softBounces } = await decide(deps, tx, event);
  await recordEvent(tx, deps.ids, deps.clock.now(), {
    actor: actorOf(event.category),
    action: `inbound.${event.category}`,
    ...(event.target.messageId
      ? { subjectType: 'message' as const, subjectId: event.target.messageId }
      : { subjectType: 'suppression' as const, subjectId: event.target.addressKey }),
    data: {
      outcome,
      source: event.source,
      via: event.target.via,
      invitationId: event.target.invitationId,
      status: event.status ?? null,
      replyCode: event.replyCode ?? null,
      reason: event.reason ?? null,
      feedbackType: event.feedbackType ?? null,
      ...(softBounces === undefined ? {} : { softBounces }),
    },
  });
  return outcome;
}

async function decide(
  deps: CoreDeps,
  tx: Store,
  event: InboundEvent,
): Promise<{ outcome: InboundOutcome; softBounces?: number }> {
  switch (event.category) {
    case 'complaint':
      if (isNoComplaint(event.feedbackType)) return { outcome: 'ignored' };
      await suppressAsComplaint(deps, tx, event);
      return { outcome: 'suppressed' };
    case 'hard':
      await suppressOnce(deps, tx, event, 'hard-bounce');
      return { outcome: 'suppressed' };
    case 'unsubscribe':
      await suppressOnce(deps, tx, event, 'stop');
      return { outcome: 'suppressed' };
    case 'soft':
      return countSoftBounce(deps, tx, event);
    default:
      return { outcome: 'ignored' };
  }
}

/**
 * Feedback reports that are nobody's complaint: DMARC failure reports (`auth-failure`, corpus
 * README) and `not-spam`, a recipient saying the very opposite.
 */
function isNoComplaint(feedbackType: string | null | undefined): boolean {
  const type = feedbackType?.trim().toLowerCase();
  return type === 'auth-failure' || type === 'not-spam';
}

function actorOf(category: InboundCategory): string {
  return category === 'complaint' || category === 'unsubscribe' ? 'recipient' : 'system';
}

function sourceOf(event: InboundEvent): string {
  return event.category === 'unsubscribe' ? event.source : `bounce:${event.source}`;
}

/** An address suppressed for any reason stays as it is: the first reason and time are kept. */
async function suppressOnce(
  deps: CoreDeps,
  tx: Store,
  event: InboundEvent,
  reason: SuppressionReason,
): Promise<void> {
  const existing = await tx.findSuppressions(event.target.addressKey);
  if (existing.some((s) => s.scope === 'global')) return;
  await applySuppression(deps, tx, {
    key: event.target.addressKey,
    scope: 'global',
    reason,
    source: sourceOf(event),
    actor: actorOf(event.category),
    // A stop through one invitation's mail counts against its inviter's throttle.
    invitationId: event.target.invitationId,
    // A bounce of one invitation's own mail is what its inviter may be told.
    bouncedInvitationIds: await bouncedInvitations(tx, event.target),
  });
}

/**
 * A complaint outranks whatever suppression the address already has: an operator could lift a
 * `soft-bounce` or `admin` one, but must never lift what a complaint put there, so the reason is
 * replaced (in this one transaction, so the address is never unsuppressed in between).
 */
async function suppressAsComplaint(deps: CoreDeps, tx: Store, event: InboundEvent): Promise<void> {
  const key = event.target.addressKey;
  const global = (await tx.findSuppressions(key)).find((s) => s.scope === 'global');
  if (global?.reason === 'complaint') return;
  if (global) await tx.removeSuppression(key, 'global');
  await applySuppression(deps, tx, {
    key,
    scope: 'global',
    reason: 'complaint',
    source: sourceOf(event),
    actor: 'recipient',
    // An ARF report naming an invitation's message counts against that inviter's throttle.
    invitationId: event.target.invitationId,
  });
}

async function countSoftBounce(
  deps: CoreDeps,
  tx: Store,
  event: InboundEvent,
): Promise<{ outcome: InboundOutcome; softBounces: number }> {
  const now = deps.clock.now();
  const key = event.target.addressKey;
  const first = await tx.recordSoftBounce({
    id: deps.ids.id('evt'),
    key,
    messageId: event.target.messageId,
    source: event.source,
    at: now.toISOString(),
  });
  const since = new Date(now.getTime() - softBounceRule.windowDays * dayMs).toISOString();
  const softBounces = await tx.countSoftBounces(key, since);
  // The same message reported again, by the same path or another (SMTP and a provider's webhook):
  // it was counted the first time.
  if (!first) return { outcome: 'ignored', softBounces };
  if (softBounces < softBounceRule.limit) return { outcome: 'counted', softBounces };
  await suppressOnce(deps, tx, event, 'soft-bounce');
  return { outcome: 'suppressed', softBounces };
}
