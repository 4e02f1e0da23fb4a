import { KindlyError } from '../../core/errors.js';
import type { Invitation } from '../../core/model.js';

/** Opaque keyset cursors: the (createdAt, id) of the last item of a page. */
export function encodeCursor(invitation: Pick<Invitation, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([invitation.createdAt, invitation.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new KindlyError('invalid_input', 'cursor is not one this API gave out.');
}
