import { randomBytes } from 'node:crypto';
import type { Ids } from '../core/ports.js';

/** Ids carry 96 random bits (enough to never collide, short enough to read); tokens carry 192. */
export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${randomBytes(12).toString('base64url')}`,
  token: () => randomBytes(24).toString('base64url'),
};
