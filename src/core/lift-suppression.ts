/**
 * Lifting a suppression: the one sanctioned way to take an address off the list. DESIGN: a complaint
 * suppresses at the first one and no operator can lift that; only the recipient can, by confirming
 * their address. Anything that lets a suppression go must come through here, never call
 * `Store.removeSuppression` itself.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import type { SuppressionScope } from './model.js';
import type { Store } from './ports.js';

export interface LiftRequest {
  key: string;
  scope: SuppressionScope;
  /**
   * `operator` for the API and CLI; `recipient` only after the recipient confirmed the address (a
   * stop link mailed to it, or a one-time link mailed on their request).
   */
  actor: 'operator' | 'recipient';
  /** Where the request came from (`api`, `link`, `mailed-link`), for the audit trail. */
  source?: string;
  /** Who to name in the audit event when more precise than `actor`, e.g. `token:<id>`. */
  auditActor?: string;
}

/** Returns false when there was nothing to lift. */
export async function liftSuppression(deps: CoreDeps, request: LiftRequest): Promise<boolean> {
  return deps.store.durableTransaction((tx) => liftWithin(deps, tx, request));
}

/**
 * `liftSuppression` inside the caller's transaction, for a lift that must commit together with
 * something else (a one-time link being used up). The caller makes the transaction durable.
 */
export async function liftWithin(deps: CoreDeps, tx: Store, request: LiftRequest): Promise<boolean> {
  const inviterId = request.scope === 'global' ? undefined : request.scope.slice('inviter:'.length);
  const found = (await tx.findSuppressions(request.key, inviterId)).find((s) => s.scope === request.scope);
  if (!found) return false;
  if (found.reason === 'complaint' && request.actor !== 'recipient') {
    throw new KindlyError('complaint_suppression');
  }
  await tx.removeSuppression(request.key, request.scope);
  await recordEvent(tx, deps.ids, deps.clock.now(), {
    actor: request.auditActor ?? request.actor,
    action: 'suppression.lifted',
    subjectType: 'suppression',
    subjectId: request.key,
    data: { scope: request.scope, reason: found.reason, source: request.source ?? null },
  });
  return true;
}
