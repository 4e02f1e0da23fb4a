/**
 * "Changed my mind": a recipient lifts their own global suppression from a stop link. DESIGN lets only
 * the recipient lift a complaint, by confirming their address; holding a link that was mailed to that
 * address is that confirmation, and it never needs a message sent to an address that asked for none.
 *
 * Only the global suppression goes: blocks of one inviter stay (the recipient chose them person by
 * person), and invitations already closed stay closed, since final states never move.
 */
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { liftSuppression } from './lift-suppression.js';
import { findToken } from './recipient-actions.js';

async function stopLinkKey(deps: CoreDeps, token: string): Promise<string> {
  const record = await findToken(deps, token, 'stop');
  if (!record.addressKey) throw new KindlyError('token_invalid');
  return record.addressKey;
}

/** Whether the stop link's address is globally suppressed now, for its GET page: reading changes nothing. */
export async function stopLinkSuppressed(deps: CoreDeps, token: string): Promise<boolean> {
  const key = await stopLinkKey(deps, token);
  return (await deps.store.findSuppressions(key)).some((s) => s.scope === 'global');
}

/** Lifts the global suppression of the stop link's address; false when there was none to lift. */
export async function resumeFromStopLink(deps: CoreDeps, token: string): Promise<boolean> {
  const key = await stopLinkKey(deps, token);
  return liftSuppression(deps, { key, scope: 'global', actor: 'recipient', source: 'link' });
}
