import { expect, it } from 'vitest';
import type { ApiToken } from '../../core/model.js';
import { UniqueViolation } from '../../core/ports.js';
import { at, type ContractContext } from './fixtures.js';

function apiToken(id: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id,
    name: `App ${id}`,
    role: 'app',
    hash: id.padEnd(64, '0'),
    createdAt: at(0),
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

export function apiTokenContract(ctx: ContractContext): void {
  it('inserts API tokens and reads them by id and by hash, and lists them oldest first', async () => {
    const billing = apiToken('tok_b', { name: 'Billing – “prod”', createdAt: at(2) });
    const ops = apiToken('tok_a', { role: 'operator', createdAt: at(2) });
    const first = apiToken('tok_z', { createdAt: at(1) });
    for (const token of [billing, ops, first]) await ctx.store.insertApiToken(token);
    expect(await ctx.store.getApiToken('tok_b')).toEqual(billing);
    expect(await ctx.store.findApiTokenByHash(ops.hash)).toEqual(ops);
    expect(await ctx.store.getApiToken('tok_nobody')).toBeUndefined();
    expect(await ctx.store.findApiTokenByHash('f'.repeat(64))).toBeUndefined();
    // Same time: the id decides, so the order is the same on every backend.
    expect(await ctx.store.listApiTokens()).toEqual([first, ops, billing]);
  });

  it('refuses a second token with the same id or the same hash', async () => {
    await ctx.store.insertApiToken(apiToken('tok_1'));
    await expect(
      ctx.store.insertApiToken(apiToken('tok_2', { hash: apiToken('tok_1').hash })),
    ).rejects.toBeInstanceOf(UniqueViolation);
    await expect(
      ctx.store.insertApiToken(apiToken('tok_1', { hash: 'c'.repeat(64) })),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect(await ctx.store.listApiTokens()).toEqual([apiToken('tok_1')]);
  });

  it('refuses a role it does not know', async () => {
    const stray = { ...apiToken('tok_1'), role: 'admin' } as unknown as ApiToken;
    await expect(ctx.store.insertApiToken(stray)).rejects.toThrow();
    expect(await ctx.store.getApiToken('tok_1')).toBeUndefined();
  });

  it('revokes once: the first time is kept, and found-by-hash still reports the revoked token', async () => {
    await ctx.store.insertApiToken(apiToken('tok_1'));
    await ctx.store.insertApiToken(apiToken('tok_2'));
    expect(await ctx.store.revokeApiToken('tok_1', at(10))).toBe(true);
    expect(await ctx.store.revokeApiToken('tok_1', at(20))).toBe(false);
    expect(await ctx.store.revokeApiToken('tok_nobody', at(20))).toBe(false);
    expect((await ctx.store.findApiTokenByHash(apiToken('tok_1').hash))?.revokedAt).toBe(at(10));
    expect((await ctx.store.getApiToken('tok_2'))?.revokedAt).toBeNull();
  });

  it('records a use only when the last one is unset or older than the given bound', async () => {
    await ctx.store.insertApiToken(apiToken('tok_1'));
    await ctx.store.insertApiToken(apiToken('tok_2'));
    expect(await ctx.store.touchApiToken('tok_1', at(100), at(40))).toBe(true);
    // A use 30 s later, bound 60 s back: the recorded one is recent enough, nothing is written.
    expect(await ctx.store.touchApiToken('tok_1', at(130), at(70))).toBe(false);
    expect((await ctx.store.getApiToken('tok_1'))?.lastUsedAt).toBe(at(100));
    expect(await ctx.store.touchApiToken('tok_1', at(161), at(101))).toBe(true);
    expect((await ctx.store.getApiToken('tok_1'))?.lastUsedAt).toBe(at(161));
    expect((await ctx.store.getApiToken('tok_2'))?.lastUsedAt).toBeNull();
    expect(await ctx.store.touchApiToken('tok_nobody', at(161), at(101))).toBe(false);
  });

  it('joins a transaction and is undone with it', async () => {
    await expect(
      ctx.store.transaction(async (tx) => {
        await tx.insertApiToken(apiToken('tok_1'));
        expect(await tx.getApiToken('tok_1')).toBeDefined();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await ctx.store.getApiToken('tok_1')).toBeUndefined();
  });
}
