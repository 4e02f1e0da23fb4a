/**
 * Inviting several people at once, each named on purpose: contacts of the inviter's own book by id,
 * or addresses. There is no "everyone": a batch holds at most the inviter's remaining daily allowance,
 * and is accepted whole or refused whole — its single invitations run in one transaction through the
 * same `invite` use case (cooldowns, caps, suppression, invite policies, the inviter's view), so a
 * refusal of any one (a limit's 429, a cooldown's 409, an invalid address) writes and sends nothing.
 */
import { parseAddress } from './address.js';
import type { CoreDeps } from './deps.js';
import { isKindlyError, KindlyError } from './errors.js';
import { type InviteOutcome, invite } from './invite.js';
import type { ContactOrigin, Invitation } from './model.js';
import { dayMs } from './rules.js';

export interface BatchInviteRequest {
  inviterId: string;
  contactIds?: readonly string[] | undefined;
  emails?: readonly string[] | undefined;
  note?: string | null | undefined;
  reminders?: number | undefined;
}

export interface BatchItem {
  /** The contact it was made from, for items named by contact. */
  contactId?: string;
  email: string;
  invitation: Invitation;
  created: boolean;
}

interface Planned {
  contactId?: string;
  email: string;
  key: string;
  origin?: ContactOrigin;
  /** Where the caller named it, for error details: `contactIds[2]`, `emails[0]`. */
  where: string;
}

/** Adds where an item was named to a refusal's detail, keeping its code and Retry-After. */
function about(where: string, error: unknown): unknown {
  if (!isKindlyError(error)) return error;
  return new KindlyError(error.code, `${where}: ${error.detail}`, {
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error,
  });
}

export async function inviteBatch(deps: CoreDeps, request: BatchInviteRequest): Promise<BatchItem[]> {
  const contactIds = request.contactIds ?? [];
  const emails = request.emails ?? [];
  const size = contactIds.length + emails.length;
  if (size === 0) throw new KindlyError('invalid_input', 'Name at least one contact or address to invite.');
  const { inviterDailyLimit } = deps.rules;
  if (size > inviterDailyLimit) {
    throw new KindlyError(
      'invalid_input',
      `A batch holds at most ${inviterDailyLimit} invitations, the most one inviter may send in a day.`,
    );
  }
  const inviter = await deps.store.getMember(request.inviterId);
  if (!inviter) throw new KindlyError('unknown_member', 'inviterId names no member.');

  const planned: Planned[] = [];
  for (const [i, contactId] of contactIds.entries()) {
    const contact = await deps.store.getContact(inviter.id, contactId);
    const first = contact?.addresses[0];
    if (!contact || !first)
      throw new KindlyError('not_found', `contactIds[${i}]: the inviter has no such contact.`);
    planned.push({
      contactId,
      email: first.email,
      key: first.key,
      origin: { source: contact.source, addedAt: contact.createdAt },
      where: `contactIds[${i}]`,
    });
  }
  for (const [i, written] of emails.entries()) {
    const where = `emails[${i}]`;
    try {
      const email = parseAddress(written);
      planned.push({ email, key: deps.keyOf(email), where });
    } catch (error) {
      throw about(where, error);
    }
  }

  // The worker is told once the whole batch is on disk, not after each invitation inside it.
  const { onMessageQueued, ...quiet } = deps;
  const outcomes = await deps.store.transaction(async (tx) => {
    await enforceBatchAllowance(deps, tx, inviter.id, size);
    const inTx = { ...quiet, store: tx };
    const done = new Map<Planned, InviteOutcome>();
    // Gates on recipients are taken in one order (by key) by every batch, so two batches never deadlock.
    for (const item of [...planned].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      try {
        done.set(
          item,
          await invite(inTx, {
            inviterId: inviter.id,
            email: item.email,
            note: request.note ?? null,
            ...(request.reminders === undefined ? {} : { reminders: request.reminders }),
            ...(item.origin ? { origin: item.origin } : {}),
          }),
        );
      } catch (error) {
        throw about(item.where, error);
      }
    }
    return planned.map((item) => ({ item, outcome: done.get(item) }));
  });
  if (outcomes.some(({ outcome }) => outcome?.created && outcome.invitation.state === 'pending'))
    onMessageQueued?.();
  return outcomes.map(({ item, outcome }) => {
    if (!outcome) throw new Error('batch item without an outcome');
    return {
      ...(item.contactId === undefined ? {} : { contactId: item.contactId }),
      email: item.email,
      invitation: outcome.invitation,
      created: outcome.created,
    };
  });
}

/**
 * The whole batch must fit in what the inviter may still send today; otherwise it is refused with the
 * daily limit's code and the time when enough of today's invitations leave the rolling day.
 */
async function enforceBatchAllowance(
  deps: CoreDeps,
  tx: CoreDeps['store'],
  inviterId: string,
  size: number,
): Promise<void> {
  const now = deps.clock.now();
  await tx.lockGate(`inviter:${inviterId}`, now.toISOString());
  const limit = deps.rules.inviterDailyLimit;
  const times = await tx.listInvitationTimes(inviterId, new Date(now.getTime() - dayMs).toISOString());
  const remaining = limit - times.length;
  if (size <= remaining) return;
  // The batch fits once (times.length - (limit - size)) of today's invitations have left the window.
  const freeing = times[times.length - (limit - size) - 1] ?? now.toISOString();
  throw new KindlyError(
    'inviter_daily_limit',
    `This inviter may send ${Math.max(0, remaining)} more invitations today; the batch holds ${size}. ` +
      'Nothing was sent: send a smaller batch, or the whole one later.',
    { retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(freeing) + dayMs - now.getTime()) / 1000)) },
  );
}
