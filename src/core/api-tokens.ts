/**
 * Named API tokens: each embedding app gets its own, so one app's token can be revoked without
 * touching the others or the operator's. The token text is shown once; only its SHA-256 is kept,
 * like every other token.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { type ApiToken, type ApiTokenRole, apiTokenRoles } from './model.js';
import { hashToken } from './tokens.js';

export type ApiTokenDeps = Pick<CoreDeps, 'store' | 'clock' | 'ids'>;

/** Makes a leaked token easy to recognise, and to find with grep or a secret scanner. */
export const apiTokenPrefix = 'kindly_';
export const apiTokenNameMaxLength = 64;

// Control, format (bidi overrides, zero-width), surrogate and private-use characters, and line breaks:
// a name is printed in listings and terminals, where any of these could hide or fake text.
const unprintable = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** The audit actor of a named token. */
export function apiTokenActor(id: string): string {
  return `token:${id}`;
}

/** 1–64 printable characters, surrounding spaces dropped. */
export function parseTokenName(input: string): string {
  if (unprintable.test(input)) {
    throw new KindlyError('invalid_name', 'A token name must be one line of printable characters.');
  }
  const name = input.trim();
  const length = [...name].length;
  if (length === 0) throw new KindlyError('invalid_name', 'A token name must not be empty.');
  if (length > apiTokenNameMaxLength) {
    throw new KindlyError(
      'invalid_name',
      `A token name must be at most ${apiTokenNameMaxLength} characters.`,
    );
  }
  return name;
}

export interface NewApiToken {
  name: string;
  /** Default `app`: the least a new token can do. */
  role?: ApiTokenRole | undefined;
}

export interface CreatedApiToken {
  record: ApiToken;
  /** The bearer token itself; nowhere else after this answer. */
  token: string;
}

export async function createApiToken(
  deps: ApiTokenDeps,
  input: NewApiToken,
  actor: string,
): Promise<CreatedApiToken> {
  const name = parseTokenName(input.name);
  const role = input.role ?? 'app';
  if (!apiTokenRoles.includes(role)) {
    throw new KindlyError('invalid_input', `role must be one of ${apiTokenRoles.join(', ')}.`);
  }
  const now = deps.clock.now();
  const token = `${apiTokenPrefix}${deps.ids.token()}`;
  const record: ApiToken = {
    id: deps.ids.id('tok'),
    name,
    role,
    hash: hashToken(token),
    createdAt: now.toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  };
  await deps.store.transaction(async (tx) => {
    await tx.insertApiToken(record);
    await recordEvent(tx, deps.ids, now, {
      actor,
      action: 'api-token.created',
      subjectType: 'api-token',
      subjectId: record.id,
      data: { name, role },
    });
  });
  return { record, token };
}

export function listApiTokens(deps: Pick<CoreDeps, 'store'>): Promise<ApiToken[]> {
  return deps.store.listApiTokens();
}

/** Idempotent: revoking a revoked token answers it as it is, with its first revocation time. */
export async function revokeApiToken(deps: ApiTokenDeps, id: string, actor: string): Promise<ApiToken> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const found = await tx.getApiToken(id);
    if (!found) throw new KindlyError('unknown_token');
    if (await tx.revokeApiToken(id, now.toISOString())) {
      await recordEvent(tx, deps.ids, now, {
        actor,
        action: 'api-token.revoked',
        subjectType: 'api-token',
        subjectId: id,
      });
    }
    return (await tx.getApiToken(id)) ?? found;
  });
}
