import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { invite } from '../../core/invite.js';
import { invitationStates } from '../../core/model.js';
import { getInvitation, withdrawInvitation } from '../../core/withdraw.js';
import { principalOf } from '../middleware/principal.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { invitationPresenter } from './presenters.js';
import { parseWith, readJson } from './read-json.js';

const newInvitationBody = z.strictObject({
  inviterId: z.string().min(1).max(100),
  email: z.string().max(512).optional(),
  memberId: z.string().min(1).max(100).optional(),
  note: z.string().max(4000).nullable().optional(),
  reminders: z.number().int().optional(),
});

const listQuery = z.strictObject({
  inviterId: z.string().min(1).max(100).optional(),
  status: z.enum(invitationStates).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export function invitationsRoutes(core: CoreDeps): Hono {
  return new Hono()
    .post('/', async (c) => {
      const { invitation, created } = await invite(core, await readJson(c, newInvitationBody));
      return c.json(invitationPresenter(c, core)(invitation), created ? 201 : 200, {
        location: `/v1/invitations/${invitation.id}`,
      });
    })
    .get('/', async (c) => {
      const query = parseWith(listQuery, c.req.query());
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const now = core.clock.now();
      // An app filters by what it is shown: pending includes the suppressed, undeliverable never does.
      const byStatus =
        query.status === undefined
          ? {}
          : principalOf(c).role === 'app'
            ? { inviterView: { status: query.status, now: now.toISOString() } }
            : { state: query.status };
      const page = await core.store.listInvitations({
        inviterId: query.inviterId,
        ...byStatus,
        limit: query.limit + 1,
        after,
      });
      const items = page.slice(0, query.limit);
      const last = items.at(-1);
      return c.json({
        items: items.map(invitationPresenter(c, core, now)),
        nextCursor: page.length > query.limit && last ? encodeCursor(last) : null,
      });
    })
    .get('/:id', async (c) =>
      c.json(invitationPresenter(c, core)(await getInvitation(core, c.req.param('id')))),
    )
    .post('/:id/withdraw', async (c) =>
      c.json(invitationPresenter(c, core)(await withdrawInvitation(core, c.req.param('id')))),
    );
}
