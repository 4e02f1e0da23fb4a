/**
 * The numbers of DESIGN's rules table. Operators may tighten them, never loosen them past the ceilings.
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
}

export const defaultRules: Rules = {
  expiryDays: 30,
  defaultReminders: 1,
  maxReminders: 2,
  reminderIntervalDays: 7,
  noteMaxLength: 300,
  nameMaxLength: 100,
  confirmationIntervalHours: 24,
};

export const dayMs = 24 * 60 * 60 * 1000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * dayMs);
}

/** When each of the planned reminders would go, counted from the invitation. */
export function reminderDates(invitedAt: Date, planned: number, rules: Rules): Date[] {
  return Array.from({ length: planned }, (_, index) =>
    addDays(invitedAt, rules.reminderIntervalDays * (index + 1)),
  );
}
