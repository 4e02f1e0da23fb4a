/**
 * Opaque keyset cursors: the sort key of the last item of a page, as base64url JSON. Each list has
 * its own key (invitations: createdAt and id; the suppression export: createdAt, key and scope).
 */
import { KindlyError } from '../../core/errors.js';
import type { Invitation, Suppression } from '../../core/model.js';

function encodeKeyset(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The `length` strings a cursor holds, the first of them a time; anything else is not ours. */
function decodeKeyset(cursor: string, length: number): string[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((value) => typeof value === 'string') &&
      !Number.isNaN(Date.parse(String(values[0])))
    ) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new KindlyError('invalid_input', 'cursor is not one this API gave out.');
}

export function encodeCursor(invitation: Pick<Invitation, 'createdAt' | 'id'>): string {
  return encodeKeyset([invitation.createdAt, invitation.id]);
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt = '', id = ''] = decodeKeyset(cursor, 2);
  return { createdAt, id };
}

type SuppressionPosition = Pick<Suppression, 'createdAt' | 'key' | 'scope'>;

export function encodeSuppressionCursor(s: SuppressionPosition): string {
  return encodeKeyset([s.createdAt, s.key, s.scope]);
}

export function decodeSuppressionCursor(cursor: string): SuppressionPosition {
  const [createdAt = '', key = '', scope = ''] = decodeKeyset(cursor, 3);
  if (scope !== 'global' && !scope.startsWith('inviter:')) {
    throw new KindlyError('invalid_input', 'cursor is not one this API gave out.');
  }
  return { createdAt, key, scope: scope as Suppression['scope'] };
}
