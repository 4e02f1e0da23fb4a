import { describe, expect, it } from 'vitest';
import { capOpensAt } from './recipient-cap.js';
import { dayMs, defaultRules, remindersBeforeExpiry } from './rules.js';

const now = new Date('2026-03-03T09:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * dayMs).toISOString();

describe('capOpensAt', () => {
  it('is now while fewer than three messages count', () => {
    expect(capOpensAt([], now, defaultRules)).toEqual(now);
    expect(capOpensAt([ago(1), ago(2)], now, defaultRules)).toEqual(now);
    // Older than the window: they no longer count.
    expect(capOpensAt([ago(30), ago(31), ago(40)], now, defaultRules)).toEqual(now);
  });

  it('is 30 days after the third most recent, in any order', () => {
    expect(capOpensAt([ago(1), ago(10), ago(5), ago(20)], now, defaultRules)).toEqual(
      new Date(now.getTime() + 20 * dayMs),
    );
    expect(capOpensAt([ago(0), ago(0), ago(0)], now, defaultRules)).toEqual(
      new Date(now.getTime() + 30 * dayMs),
    );
  });

  it('follows a tighter cap', () => {
    expect(capOpensAt([ago(3), ago(1)], now, { ...defaultRules, recipientCap: 1 })).toEqual(
      new Date(now.getTime() + 29 * dayMs),
    );
  });
});

describe('remindersBeforeExpiry', () => {
  it('keeps only reminders that fall before the expiry', () => {
    expect(remindersBeforeExpiry(defaultRules)).toBe(2);
    expect(remindersBeforeExpiry({ ...defaultRules, expiryDays: 14 })).toBe(1);
    expect(remindersBeforeExpiry({ ...defaultRules, expiryDays: 7 })).toBe(0);
    expect(remindersBeforeExpiry({ ...defaultRules, maxReminders: 1 })).toBe(1);
  });
});
