import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { leave } from '../../core/leave.js';
import { updateMemberSettings } from '../../core/member-settings.js';
import { createMember, getMember } from '../../core/members.js';
import { invitePolicies } from '../../core/model.js';
import { principalOf } from '../middleware/principal.js';
import { presentMember } from './presenters.js';
import { parseWith, readJson } from './read-json.js';

const settingsBody = z.strictObject({
  allowReplyTo: z.boolean().optional(),
  discoverable: z.boolean().optional(),
  invitePolicy: z.enum(invitePolicies).optional(),
});

const leaveQuery = z.strictObject({ tombstone: z.enum(['true', 'false']).optional() });

const newMemberBody = z.strictObject({
  email: z.string().max(512),
  name: z.string().max(1000),
  externalId: z.string().min(1).max(200).optional(),
  allowReplyTo: z.boolean().optional(),
});

export function membersRoutes(core: CoreDeps): Hono {
  return new Hono()
    .post('/', async (c) => {
      const body = await readJson(c, newMemberBody);
      const member = await createMember(core, body, principalOf(c).actor);
      return c.json(presentMember(member), 201, { location: `/v1/members/${member.id}` });
    })
    .get('/:id', async (c) => c.json(presentMember(await getMember(core, c.req.param('id')))))
    .patch('/:id', async (c) => {
      const member = await updateMemberSettings(core, c.req.param('id'), await readJson(c, settingsBody));
      return c.json(presentMember(member));
    })
    .delete('/:id', async (c) => {
      const { tombstone } = parseWith(leaveQuery, c.req.query());
      const outcome = await leave(core, c.req.param('id'), {
        tombstone: tombstone === 'true',
        actor: principalOf(c).actor,
      });
      return c.json({
        id: outcome.memberId,
        deleted: true,
        tombstone: outcome.tombstone,
        withdrawn: outcome.withdrawn,
      });
    })
    .get('/:id/connections', async (c) => {
      const member = await getMember(core, c.req.param('id'));
      const connections = await core.store.listConnections(member.id);
      return c.json({
        items: connections.map((connection) => ({
          memberId: connection.memberA === member.id ? connection.memberB : connection.memberA,
          invitationId: connection.invitationId,
          since: connection.createdAt,
        })),
      });
    });
}
