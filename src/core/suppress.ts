import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import { closeUndeliverable } from './close-undeliverable.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { noteSuppressionFeedback } from './inviter-feedback.js';
import type { InviterState, Suppression, SuppressionReason, SuppressionScope } from './model.js';
import type { Store } from './ports.js';

export interface SuppressionRequest {
  key: string;
  scope: SuppressionScope;
  reason: SuppressionReason;
  source: string;
  actor: string;
  /**
   * The invitation the request came through (its landing page, its stop link, an ARF report naming
   * its message), when known: a global stop or complaint then counts against its inviter's throttle.
   */
  invitationId?: string | null;
  /**
   * For a bounce (`hard-bounce`, `soft-bounce`): the invitations whose own message it is about (the
   * invitation, a reminder, or the digest that carried them). Their inviters are told `undeliverable`;
   * every other invitation it closes still reads `pending` to its inviter, then `expired`.
   */
  bouncedInvitationIds?: readonly string[];
}

const bounceReasons: readonly SuppressionReason[] = ['hard-bounce', 'soft-bounce'];

/**
 * What a new suppression tells the inviter of one invitation it reaches: a block tells its inviter
 * `declined` (exactly what "no thanks" shows); a bounce of the invitation's own message tells
 * `undeliverable`; anything else tells nothing (DESIGN, "The inviter's view").
 */
function toldBy(request: SuppressionRequest, invitationId: string): InviterState | undefined {
  if (request.reason === 'decline-block' && request.scope !== 'global') return 'declined';
  if (bounceReasons.includes(request.reason) && request.bouncedInvitationIds?.includes(invitationId)) {
    return 'undeliverable';
  }
  return undefined;
}

/**
 * Records a suppression and closes what it stops: every pending invitation it covers becomes
 * `undeliverable` and loses its queued mail, and each inviter is told only what `toldBy` allows. Runs
 * inside the caller's transaction.
 */
export async function applySuppression(
  deps: CoreDeps,
  tx: Store,
  request: SuppressionRequest,
): Promise<void> {
  const now = deps.clock.now();
  const at = now.toISOString();
  await tx.addSuppression({
    key: request.key,
    scope: request.scope,
    reason: request.reason,
    source: request.source,
    createdAt: at,
  });
  await recordEvent(tx, deps.ids, now, {
    actor: request.actor,
    action: 'suppression.added',
    subjectType: 'suppression',
    subjectId: request.key,
    data: { scope: request.scope, reason: request.reason, source: request.source },
  });
  const inviterId = request.scope === 'global' ? undefined : request.scope.slice('inviter:'.length);
  for (const invitation of await tx.listOpenInvitationsTo(request.key, at, inviterId)) {
    const told = toldBy(request, invitation.id);
    if (invitation.state === 'pending') {
      await closeUndeliverable(deps, tx, invitation.id, {
        actor: request.actor,
        cause: request.reason,
        told,
      });
    } else if (told && (await tx.tellInviter(invitation.id, told, at))) {
      // Closed in truth already (say by an earlier stop) but still open to its inviter.
      await recordEvent(tx, deps.ids, now, {
        actor: request.actor,
        action: `invitation.told-${told}`,
        subjectType: 'invitation',
        subjectId: invitation.id,
        data: { cause: request.reason },
      });
    }
  }
  // After the invitations: a worker recording a send locks invitation, message, then outcome, and
  // taking them in the same order keeps the two from deadlocking.
  await noteSuppressionFeedback(deps, tx, request);
}

/**
 * The invitations whose own message a report is about: the one its message belongs to, or those a
 * digest carried (recorded when it was sent). For `bouncedInvitationIds`.
 */
export async function bouncedInvitations(
  tx: Store,
  target: { invitationId: string | null; messageId: string | null },
): Promise<string[]> {
  if (target.invitationId) return [target.invitationId];
  return target.messageId ? tx.listDigestItems(target.messageId) : [];
}

/** Suppresses durably: the opt-out is on disk before this resolves. */
export function suppress(deps: CoreDeps, request: SuppressionRequest): Promise<void> {
  return deps.store.durableTransaction((tx) => applySuppression(deps, tx, request));
}

export function parseScope(scope: string | undefined): SuppressionScope {
  if (scope === undefined || scope === 'global') return 'global';
  if (/^inviter:[A-Za-z0-9_-]{1,64}$/.test(scope)) return scope as SuppressionScope;
  throw new KindlyError('invalid_input', 'scope must be "global" or "inviter:<memberId>".');
}

/** The operator's check: what stops mail to this address. Global wins over any inviter scope. */
export async function checkSuppression(
  deps: CoreDeps,
  email: string,
): Promise<{ suppressed: boolean; scope: SuppressionScope | null; reason: SuppressionReason | null }> {
  const key = deps.keyOf(parseAddress(email));
  const found = await deps.store.findSuppressions(key);
  const winner: Suppression | undefined = found.find((s) => s.scope === 'global') ?? found[0];
  return winner
    ? { suppressed: true, scope: winner.scope, reason: winner.reason }
    : { suppressed: false, scope: null, reason: null };
}
