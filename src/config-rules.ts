/**
 * The consent rules' numbers from the environment. DESIGN lets operators tighten them, never loosen
 * them past its ceilings, so each variable accepts only DESIGN's "allowed" range and a value outside
 * it stops the start with the variable's name. Spread into `config.ts` like config-deliverability.ts.
 * (`config.ts` passes its ConfigError in: importing it from there would make the two modules a cycle.)
 */
import { z } from 'zod';
import { defaultRules, type Rules, ruleBounds } from './core/rules.js';

function bounded(bounds: { min: number; max: number }, what: string) {
  return z.coerce
    .number({ error: `must be a whole number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(bounds.min, `must be at least ${bounds.min}`)
    .max(
      bounds.max,
      `must be at most ${bounds.max}: DESIGN's ceiling, which configuration may tighten but not loosen`,
    );
}

export const rulesEnv = {
  KINDLY_EXPIRY_DAYS: bounded(ruleBounds.expiryDays, 'days').default(defaultRules.expiryDays),
  KINDLY_MAX_REMINDERS: bounded(ruleBounds.maxReminders, 'reminders').default(defaultRules.maxReminders),
  // Unset: DESIGN's default, or fewer when KINDLY_MAX_REMINDERS allows fewer.
  KINDLY_DEFAULT_REMINDERS: bounded(ruleBounds.defaultReminders, 'reminders').optional(),
  KINDLY_REMINDER_INTERVAL_DAYS: bounded(ruleBounds.reminderIntervalDays, 'days').default(
    defaultRules.reminderIntervalDays,
  ),
  KINDLY_RECIPIENT_CAP: bounded(ruleBounds.recipientCap, 'messages').default(defaultRules.recipientCap),
  KINDLY_INVITER_DAILY_LIMIT: bounded(ruleBounds.inviterDailyLimit, 'invitations').default(
    defaultRules.inviterDailyLimit,
  ),
  KINDLY_INVITER_WEEKLY_LIMIT: bounded(ruleBounds.inviterWeeklyLimit, 'invitations').default(
    defaultRules.inviterWeeklyLimit,
  ),
  KINDLY_INVITER_PENDING_LIMIT: bounded(ruleBounds.inviterPendingLimit, 'invitations').default(
    defaultRules.inviterPendingLimit,
  ),
  KINDLY_REDACT_AFTER_DAYS: bounded(ruleBounds.redactAfterDays, 'days').default(defaultRules.redactAfterDays),
};

type Vars = z.infer<z.ZodObject<typeof rulesEnv>>;

export function rulesConfig(vars: Vars, configError: (variable: string, message: string) => Error): Rules {
  const defaultReminders =
    vars.KINDLY_DEFAULT_REMINDERS ?? Math.min(defaultRules.defaultReminders, vars.KINDLY_MAX_REMINDERS);
  if (defaultReminders > vars.KINDLY_MAX_REMINDERS) {
    throw configError(
      'KINDLY_DEFAULT_REMINDERS',
      `must be at most KINDLY_MAX_REMINDERS (${vars.KINDLY_MAX_REMINDERS})`,
    );
  }
  if (vars.KINDLY_INVITER_DAILY_LIMIT > vars.KINDLY_INVITER_WEEKLY_LIMIT) {
    throw configError('KINDLY_INVITER_DAILY_LIMIT', 'must be at most KINDLY_INVITER_WEEKLY_LIMIT');
  }
  return {
    ...defaultRules,
    expiryDays: vars.KINDLY_EXPIRY_DAYS,
    maxReminders: vars.KINDLY_MAX_REMINDERS,
    defaultReminders,
    reminderIntervalDays: vars.KINDLY_REMINDER_INTERVAL_DAYS,
    recipientCap: vars.KINDLY_RECIPIENT_CAP,
    inviterDailyLimit: vars.KINDLY_INVITER_DAILY_LIMIT,
    inviterWeeklyLimit: vars.KINDLY_INVITER_WEEKLY_LIMIT,
    inviterPendingLimit: vars.KINDLY_INVITER_PENDING_LIMIT,
    redactAfterDays: vars.KINDLY_REDACT_AFTER_DAYS,
  };
}
