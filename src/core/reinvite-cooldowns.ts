/**
 * The same inviter inviting the same address again: not for a while after withdrawing an invitation
 * to it, nor after its owner said "no thanks". Both are read from the inviter's view, so a block,
 * which the inviter sees as `declined`, gets exactly the "no thanks" answer; after that wait the
 * address reads like any suppressed one (`pending`, never mailed), and the inviter is never told of
 * the block.
 */
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import type { Store } from './ports.js';
import { dayMs } from './rules.js';

export async function enforceReinviteCooldowns(
  deps: CoreDeps,
  tx: Store,
  inviterId: string,
  recipientKey: string,
  now: Date,
): Promise<void> {
  const rules = [
    { state: 'withdrawn', days: deps.rules.withdrawalCooldownDays, code: 'reinvite_after_withdrawal' },
    { state: 'declined', days: deps.rules.declineCooldownDays, code: 'reinvite_after_decline' },
  ] as const;
  for (const rule of rules) {
    const closedAt = await tx.lastToldAt(inviterId, recipientKey, rule.state);
    if (!closedAt) continue;
    const until = Date.parse(closedAt) + rule.days * dayMs;
    if (until <= now.getTime()) continue;
    const why =
      rule.state === 'withdrawn'
        ? `This inviter withdrew an invitation to this address; it may be invited again ${rule.days} days later`
        : `This address said no thanks to this inviter; it may be invited again ${rule.days} days later`;
    throw new KindlyError(rule.code, `${why}, from ${new Date(until).toISOString()}.`, {
      retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
    });
  }
}
