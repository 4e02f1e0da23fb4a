/** `POST /v1/invitations/batch`: invite chosen contacts or addresses, all or none. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { inviteBatch } from '../../core/invite-batch.js';
import { invitationPresenter } from './presenters.js';
import { readJson } from './read-json.js';

const batchBody = z.strictObject({
  inviterId: z.string().min(1).max(100),
  contactIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  emails: z.array(z.string().max(512)).max(100).optional(),
  note: z.string().max(4000).nullable().optional(),
  reminders: z.number().int().optional(),
});

export function batchInviteRoutes(core: CoreDeps): Hono {
  return new Hono().post('/batch', async (c) => {
    const items = await inviteBatch(core, await readJson(c, batchBody));
    // The inviter's view for app tokens, the truth for operators: the same presenter as single invitations.
    const present = invitationPresenter(c, core);
    return c.json({
      items: items.map((item) => ({
        ...(item.contactId === undefined ? {} : { contactId: item.contactId }),
        email: item.email,
        invitation: present(item.invitation),
      })),
    });
  });
}
