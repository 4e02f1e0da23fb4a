import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { defaultRules } from './core/rules.js';

describe('rules configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-rules-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ KINDLY_DATA_DIR: dataDir, ...env }).config.rules;

  it("defaults to DESIGN's numbers", () => {
    expect(load({})).toEqual(defaultRules);
  });

  it('lets an operator tighten every number', () => {
    expect(
      load({
        KINDLY_EXPIRY_DAYS: '14',
        KINDLY_MAX_REMINDERS: '1',
        KINDLY_DEFAULT_REMINDERS: '0',
        KINDLY_REMINDER_INTERVAL_DAYS: '10',
        KINDLY_RECIPIENT_CAP: '2',
        KINDLY_INVITER_DAILY_LIMIT: '5',
        KINDLY_INVITER_WEEKLY_LIMIT: '20',
        KINDLY_INVITER_PENDING_LIMIT: '50',
        KINDLY_REDACT_AFTER_DAYS: '7',
      }),
    ).toEqual({
      ...defaultRules,
      expiryDays: 14,
      maxReminders: 1,
      defaultReminders: 0,
      reminderIntervalDays: 10,
      recipientCap: 2,
      inviterDailyLimit: 5,
      inviterWeeklyLimit: 20,
      inviterPendingLimit: 50,
      redactAfterDays: 7,
    });
  });

  it('lowers the default reminders with the maximum when only the maximum is set', () => {
    expect(load({ KINDLY_MAX_REMINDERS: '0' })).toMatchObject({ maxReminders: 0, defaultReminders: 0 });
  });

  it.each([
    ['KINDLY_EXPIRY_DAYS', '91'],
    ['KINDLY_EXPIRY_DAYS', '0'],
    ['KINDLY_MAX_REMINDERS', '3'],
    ['KINDLY_DEFAULT_REMINDERS', '3'],
    ['KINDLY_REMINDER_INTERVAL_DAYS', '2'],
    ['KINDLY_RECIPIENT_CAP', '4'],
    ['KINDLY_INVITER_DAILY_LIMIT', '21'],
    ['KINDLY_INVITER_WEEKLY_LIMIT', '101'],
    ['KINDLY_INVITER_PENDING_LIMIT', '201'],
    ['KINDLY_REDACT_AFTER_DAYS', '31'],
    ['KINDLY_RECIPIENT_CAP', 'three'],
    ['KINDLY_EXPIRY_DAYS', '7.5'],
  ])('refuses to start with %s=%s, naming the variable', (variable, value) => {
    let caught: unknown;
    try {
      load({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  it('says a ceiling cannot be loosened', () => {
    expect(() => load({ KINDLY_RECIPIENT_CAP: '5' })).toThrow(
      "KINDLY_RECIPIENT_CAP: must be at most 3: DESIGN's ceiling, which configuration may tighten but not loosen",
    );
  });

  it('refuses a default above the maximum and a daily limit above the weekly one', () => {
    expect(() => load({ KINDLY_MAX_REMINDERS: '1', KINDLY_DEFAULT_REMINDERS: '2' })).toThrow(
      /^KINDLY_DEFAULT_REMINDERS: /,
    );
    expect(() => load({ KINDLY_INVITER_DAILY_LIMIT: '20', KINDLY_INVITER_WEEKLY_LIMIT: '10' })).toThrow(
      /^KINDLY_INVITER_DAILY_LIMIT: /,
    );
  });
});
