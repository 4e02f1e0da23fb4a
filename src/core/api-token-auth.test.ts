import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core.js';
import { authenticateApiToken, looksLikeApiToken } from './api-token-auth.js';
import { createApiToken, parseTokenName, revokeApiToken } from './api-tokens.js';

describe('API token authentication', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.cleanup());

  it('writes the last use only when the recorded one is a minute old, so other requests stay reads', async () => {
    const { token, record } = await createApiToken(t.core, { name: 'app' }, 'operator');
    const touch = vi.spyOn(t.core.store, 'touchApiToken');
    const deps = { store: t.core.store, clock: t.clock };
    expect((await authenticateApiToken(deps, token))?.id).toBe(record.id);
    expect(touch).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10_000);
      await authenticateApiToken(deps, token);
    }
    expect(touch).toHaveBeenCalledTimes(1);
    t.clock.advance(10_001);
    await authenticateApiToken(deps, token);
    expect(touch).toHaveBeenCalledTimes(2);
  });

  it('knows no revoked, unknown or foreign-shaped token, and reads nothing for the last kind', async () => {
    const { token, record } = await createApiToken(t.core, { name: 'app' }, 'operator');
    const find = vi.spyOn(t.core.store, 'findApiTokenByHash');
    await revokeApiToken(t.core, record.id, 'operator');
    expect(await authenticateApiToken(t.core, token)).toBeUndefined();
    expect(await authenticateApiToken(t.core, `kindly_${'x'.repeat(32)}`)).toBeUndefined();
    expect(find).toHaveBeenCalledTimes(2);
    for (const text of [
      '',
      'kindly_',
      'kindly_short',
      'Kindly_'.padEnd(39, 'x'),
      `kindly_${'x'.repeat(31)}!`,
    ]) {
      expect(looksLikeApiToken(text), text).toBe(false);
      expect(await authenticateApiToken(t.core, text)).toBeUndefined();
    }
    expect(find).toHaveBeenCalledTimes(2);
  });

  it('mints tokens with the prefix and at least 128 random bits, distinct each time', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++)
      tokens.add((await createApiToken(t.core, { name: `n${i}` }, 'operator')).token);
    expect(tokens.size).toBe(20);
    for (const token of tokens) {
      expect(looksLikeApiToken(token)).toBe(true);
      expect(Buffer.from(token.slice('kindly_'.length), 'base64url').length).toBeGreaterThanOrEqual(16);
    }
  });

  it('takes names of 1 to 64 printable characters, counted as characters, trimmed', () => {
    expect(parseTokenName('  ci / deploy ')).toBe('ci / deploy');
    expect(parseTokenName('😀'.repeat(64))).toBe('😀'.repeat(64));
    for (const bad of [
      '',
      ' ',
      'x'.repeat(65),
      'a\rb',
      'a\nb',
      'a\u0000b',
      'a\u200bb',
      'a\u2028b',
      'a\u007fb',
    ]) {
      expect(() => parseTokenName(bad), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_name' }),
      );
    }
  });
});
