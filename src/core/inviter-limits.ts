/**
 * What one inviter may send: per rolling day, per rolling week, open at once, and the throttle for
 * inviters whose recipients keep saying "never again" or complaining. Each refusal names its limit by
 * code and says when a retry can succeed.
 */
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import type { Store } from './ports.js';
import { dayMs } from './rules.js';

function secondsUntil(at: number, now: Date): number {
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}

/** Runs inside the invite transaction, after the inviter's gate is held. */
export async function enforceInviterLimits(
  deps: CoreDeps,
  tx: Store,
  inviterId: string,
  now: Date,
): Promise<void> {
  await enforceThrottle(deps, tx, inviterId, now);
  await enforceRate(tx, inviterId, now, 1, deps.rules.inviterDailyLimit, 'inviter_daily_limit', 'day');
  await enforceRate(tx, inviterId, now, 7, deps.rules.inviterWeeklyLimit, 'inviter_weekly_limit', '7 days');
  // Open as the inviter sees them, so one to a suppressed address counts like anybody's.
  const pending = await tx.openSummary(inviterId, now.toISOString());
  if (pending.count >= deps.rules.inviterPendingLimit) {
    throw new KindlyError(
      'inviter_pending_limit',
      `This inviter has ${pending.count} open invitations, the most allowed; withdraw some or wait until one closes.`,
      { retryAfterSeconds: secondsUntil(Date.parse(pending.earliestExpiry ?? now.toISOString()), now) },
    );
  }
}

async function enforceRate(
  tx: Store,
  inviterId: string,
  now: Date,
  days: number,
  limit: number,
  code: 'inviter_daily_limit' | 'inviter_weekly_limit',
  span: string,
): Promise<void> {
  const windowMs = days * dayMs;
  const times = await tx.listInvitationTimes(inviterId, new Date(now.getTime() - windowMs).toISOString());
  if (times.length < limit) return;
  // The next invitation fits once enough of these leave the window: the (n - limit + 1)-th oldest.
  const freeing = times[times.length - limit] ?? now.toISOString();
  throw new KindlyError(
    code,
    `This inviter has sent ${times.length} invitations in the last ${span}, the most allowed.`,
    {
      retryAfterSeconds: secondsUntil(Date.parse(freeing) + windowMs, now),
    },
  );
}

/**
 * Of the last `sample` delivered invitations: `complaints` complaints, or a `neverAgainShare` of
 * "never again" (once there are `minSample` to judge by), pause the inviter for `days` from the
 * latest of those answers. Only a new answer
 * starts a new pause, so an inviter is not paused forever by an old record.
 */
async function enforceThrottle(deps: CoreDeps, tx: Store, inviterId: string, now: Date): Promise<void> {
  const { throttle } = deps.rules;
  const outcomes = await tx.listDeliveredOutcomes(inviterId, throttle.sample);
  if (outcomes.length === 0) return;
  const complaints = outcomes.filter((o) => o.feedback === 'complaint');
  const neverAgain = outcomes.filter((o) => o.feedback === 'never-again');
  const tooManyComplaints = complaints.length >= throttle.complaints;
  const tooManyStops =
    outcomes.length >= throttle.minSample && neverAgain.length / outcomes.length >= throttle.neverAgainShare;
  if (!tooManyComplaints && !tooManyStops) return;
  const latest = Math.max(
    ...[...complaints, ...neverAgain].map((o) => Date.parse(o.feedbackAt ?? '')).filter(Number.isFinite),
  );
  const until = latest + throttle.days * dayMs;
  if (!Number.isFinite(until) || until <= now.getTime()) return;
  const share = Math.round((neverAgain.length / outcomes.length) * 100);
  throw new KindlyError(
    'inviter_throttled',
    `Of this inviter's last ${outcomes.length} delivered invitations, ${complaints.length} drew a spam complaint and ` +
      `${neverAgain.length} (${share}%) a "never e-mail me again". Invitations by e-mail are paused until ` +
      `${new Date(until).toISOString()}; invite only people who expect to hear from this inviter.`,
    { retryAfterSeconds: secondsUntil(until, now) },
  );
}
