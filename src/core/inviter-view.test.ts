import { describe, expect, it } from 'vitest';
import { type InviterViewSource, inviterStatusAt, inviterView, isOpenToInviter } from './inviter-view.js';
import { dayMs } from './rules.js';

const created = Date.parse('2026-03-03T09:00:00.000Z');
const day = (n: number) => new Date(created + n * dayMs);
const iso = (n: number) => day(n).toISOString();
const rules = { reminderIntervalDays: 7 };

function source(overrides: Partial<InviterViewSource> = {}): InviterViewSource {
  return {
    createdAt: iso(0),
    remindersPlanned: 2,
    inviterState: 'pending',
    inviterClosedAt: null,
    inviterExpiresAt: iso(30),
    ...overrides,
  };
}

describe('the inviter’s view', () => {
  it('reads pending with the disclosed reminder schedule, then expired at the promised expiry', () => {
    expect(inviterView(source(), day(1), rules)).toEqual({
      status: 'pending',
      expiresAt: iso(30),
      closedAt: null,
      reminders: { planned: 2, sent: 0, nextAt: iso(7) },
    });
    expect(inviterView(source(), day(7), rules).reminders).toEqual({ planned: 2, sent: 1, nextAt: iso(14) });
    expect(inviterView(source(), day(20), rules).reminders).toEqual({ planned: 2, sent: 2, nextAt: null });
    expect(inviterView(source(), day(30), rules)).toEqual({
      status: 'expired',
      expiresAt: iso(30),
      closedAt: iso(30),
      reminders: { planned: 2, sent: 2, nextAt: null },
    });
    expect(isOpenToInviter(source(), new Date(created + 30 * dayMs - 1))).toBe(true);
    expect(isOpenToInviter(source(), day(30))).toBe(false);
  });

  it('shows what the inviter was told, when, and the reminders due by then only', () => {
    const declined = source({ inviterState: 'declined', inviterClosedAt: iso(10) });
    expect(inviterView(declined, day(40), rules)).toEqual({
      status: 'declined',
      expiresAt: iso(30),
      closedAt: iso(10),
      reminders: { planned: 2, sent: 1, nextAt: null },
    });
    // A told state stays what it is past the expiry; an answer is never turned into "expired".
    for (const state of ['accepted', 'withdrawn', 'undeliverable'] as const) {
      expect(inviterStatusAt(source({ inviterState: state, inviterClosedAt: iso(2) }), day(99))).toBe(state);
    }
  });

  it('never promises a reminder the invitation did not', () => {
    expect(inviterView(source({ remindersPlanned: 0 }), day(8), rules).reminders).toEqual({
      planned: 0,
      sent: 0,
      nextAt: null,
    });
  });
});
