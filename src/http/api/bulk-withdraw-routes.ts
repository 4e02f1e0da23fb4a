/** `POST /v1/invitations/withdraw`: an inviter takes back many (or all) pending invitations at once. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { withdrawMany } from '../../core/withdraw-many.js';
import { readJson } from './read-json.js';

const bulkWithdrawBody = z.strictObject({
  inviterId: z.string().min(1).max(100),
  ids: z.array(z.string().min(1).max(100)).max(1000).optional(),
  olderThanDays: z.number().int().min(0).max(3650).optional(),
});

export function bulkWithdrawRoutes(core: CoreDeps): Hono {
  return new Hono().post('/withdraw', async (c) => {
    const withdrawn = await withdrawMany(core, await readJson(c, bulkWithdrawBody));
    return c.json({ withdrawn });
  });
}
