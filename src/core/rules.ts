/**
 * The numbers of DESIGN's rules table. Operators may tighten them, never loosen them past the ceilings
 * (`ruleBounds`, checked at start-up by `src/rules-env.ts`).
 */
export interface Rules {
  expiryDays: number;
  defaultReminders: number;
  maxReminders: number;
  reminderIntervalDays: number;
  noteMaxLength: number;
  nameMaxLength: number;
  /** Do-not-contact confirmations to one address: at most one per this many hours. */
  confirmationIntervalHours: number;
  /** Invitation-kind messages (invitation, reminder, digest) one address gets per window, all inviters together. */
  recipientCap: number;
  recipientWindowDays: number;
  /** Invitations one inviter may create per rolling day, per rolling week, and have pending at once. */
  inviterDailyLimit: number;
  inviterWeeklyLimit: number;
  inviterPendingLimit: number;
  /** The same inviter re-inviting the same address: the wait after a withdrawal and after "no thanks". */
  withdrawalCooldownDays: number;
  declineCooldownDays: number;
  /**
   * Of an inviter's last `sample` delivered invitations, this many complaints or this share of
   * "never again" → throttled for `days`. The share needs at least `minSample` delivered invitations,
   * so one person's opt-out alone never pauses a new inviter.
   */
  throttle: { sample: number; minSample: number; complaints: number; neverAgainShare: number; days: number };
  /** A closed invitation's clear address is removed this many days after it closed. */
  redactAfterDays: number;
}

export const defaultRules: Rules = {
  expiryDays: 30,
  defaultReminders: 1,
  maxReminders: 2,
  reminderIntervalDays: 7,
  noteMaxLength: 300,
  nameMaxLength: 100,
  confirmationIntervalHours: 24,
  recipientCap: 3,
  recipientWindowDays: 30,
  inviterDailyLimit: 20,
  inviterWeeklyLimit: 100,
  inviterPendingLimit: 200,
  withdrawalCooldownDays: 21,
  declineCooldownDays: 180,
  throttle: { sample: 50, minSample: 10, complaints: 2, neverAgainShare: 0.2, days: 30 },
  redactAfterDays: 30,
};

/** What an operator may choose: DESIGN's "allowed" column. Anything outside is a start-up error. */
export const ruleBounds = {
  expiryDays: { min: 1, max: 90 },
  maxReminders: { min: 0, max: 2 },
  defaultReminders: { min: 0, max: 2 },
  reminderIntervalDays: { min: 3, max: 30 },
  recipientCap: { min: 1, max: 3 },
  inviterDailyLimit: { min: 1, max: 20 },
  inviterWeeklyLimit: { min: 1, max: 100 },
  inviterPendingLimit: { min: 1, max: 200 },
  redactAfterDays: { min: 1, max: 30 },
} as const satisfies Partial<Record<keyof Rules, { min: number; max: number }>>;

export const dayMs = 24 * 60 * 60 * 1000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * dayMs);
}

/** When each of the planned reminders would go, counted from the invitation. */
export function reminderDates(
  invitedAt: Date,
  planned: number,
  rules: Pick<Rules, 'reminderIntervalDays'>,
): Date[] {
  return Array.from({ length: planned }, (_, index) =>
    addDays(invitedAt, rules.reminderIntervalDays * (index + 1)),
  );
}

/**
 * How many reminders fit before the invitation expires. With a short expiry an operator chose, a
 * reminder that could never be sent must not be promised in the first mail.
 */
export function remindersBeforeExpiry(rules: Rules): number {
  let fit = 0;
  while (fit < rules.maxReminders && rules.reminderIntervalDays * (fit + 1) < rules.expiryDays) fit += 1;
  return fit;
}
