import { parseAddress } from './address.js';
import { recordEvent } from './audit.js';
import { closeUndeliverable } from './close-undeliverable.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { noteSuppressionFeedback } from './inviter-feedback.js';
import type { Suppression, SuppressionReason, SuppressionScope } from './model.js';
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
}

/**
 * Records a suppression and closes what it stops: every pending invitation it covers becomes
 * `undeliverable` and loses its queued mail. Runs inside the caller's transaction.
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
  for (const invitation of await tx.listPendingInvitationsTo(request.key, inviterId)) {
    await closeUndeliverable(deps, tx, invitation.id, { actor: request.actor, cause: request.reason });
  }
  // After the invitations: a worker recording a send locks invitation, message, then outcome, and
  // taking them in the same order keeps the two from deadlocking.
  await noteSuppressionFeedback(deps, tx, request);
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
