import { KindlyError } from '../../core/errors.js';
import type { Suppression } from '../../core/model.js';

type Position = Pick<Suppression, 'createdAt' | 'key' | 'scope'>;

/** Opaque keyset cursors for the export: the (createdAt, key, scope) of the last item of a page. */
export function encodeSuppressionCursor(s: Position): string {
  return Buffer.from(JSON.stringify([s.createdAt, s.key, s.scope])).toString('base64url');
}

export function decodeSuppressionCursor(cursor: string): Position {
  try {
    const [createdAt, key, scope] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      typeof key === 'string' &&
      typeof scope === 'string' &&
      (scope === 'global' || scope.startsWith('inviter:'))
    ) {
      return { createdAt, key, scope: scope as Suppression['scope'] };
    }
  } catch {
    // fall through to the error below
  }
  throw new KindlyError('invalid_input', 'cursor is not one this API gave out.');
}
