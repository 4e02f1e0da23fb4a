/**
 * "Withdraw all" in one click: every invitation an inviter sees pending, or only the given ids, or
 * only those older than some days. Each goes through the same move as a single withdrawal, in one
 * transaction, so the answer counts exactly what was withdrawn, an invitation to a suppressed address
 * like anybody's.
 */
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { dayMs } from './rules.js';
import { withdrawInvitation } from './withdraw.js';

export interface WithdrawManyRequest {
  inviterId: string;
  ids?: readonly string[];
  olderThanDays?: number;
}

export async function withdrawMany(deps: CoreDeps, request: WithdrawManyRequest): Promise<number> {
  if (
    request.olderThanDays !== undefined &&
    !(Number.isInteger(request.olderThanDays) && request.olderThanDays >= 0)
  ) {
    throw new KindlyError('invalid_input', 'olderThanDays must be a whole number of days, 0 or more.');
  }
  if (!(await deps.store.getMember(request.inviterId))) {
    throw new KindlyError('unknown_member', 'inviterId names no member.');
  }
  const now = deps.clock.now();
  const createdBefore =
    request.olderThanDays === undefined
      ? undefined
      : new Date(now.getTime() - request.olderThanDays * dayMs).toISOString();
  return deps.store.transaction(async (tx) => {
    const ids = await tx.listOpenIdsOf(request.inviterId, now.toISOString(), {
      ...(request.ids === undefined ? {} : { ids: request.ids }),
      ...(createdBefore === undefined ? {} : { createdBefore }),
    });
    let withdrawn = 0;
    for (const id of ids) {
      try {
        // The transaction's store: each single withdrawal joins this transaction.
        await withdrawInvitation({ ...deps, store: tx }, id);
        withdrawn += 1;
      } catch (error) {
        // Closed by its recipient since the list was read: no longer the inviter's to withdraw.
        if (!(error instanceof KindlyError && error.code === 'invitation_not_pending')) throw error;
      }
    }
    return withdrawn;
  });
}
