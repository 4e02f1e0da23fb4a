/** Named API tokens: the operator creates one per embedding app, lists them, and revokes them. */
import { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../core/api-tokens.js';
import type { CoreDeps } from '../../core/deps.js';
import { type ApiToken, apiTokenRoles } from '../../core/model.js';
import { principalOf } from '../middleware/principal.js';
import { readJson } from './read-json.js';

// The name's own rules (1–64 printable characters) are the core's, shared with `kindly tokens create`.
const newTokenBody = z.strictObject({
  name: z.string().max(1000),
  role: z.enum(apiTokenRoles).optional(),
});

/** Never the hash: it is all a database copy needs to recognise the token. */
export function presentApiToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    createdAt: token.createdAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
  };
}

export function tokensRoutes(core: CoreDeps): Hono {
  return new Hono()
    .post('/', async (c) => {
      const body = await readJson(c, newTokenBody);
      const { record, token } = await createApiToken(core, body, principalOf(c).actor);
      const { id, name, role, createdAt } = record;
      // The one answer that carries the token: no cache may keep it.
      return c.json({ id, name, role, createdAt, token }, 201, {
        location: `/v1/tokens/${id}`,
        'cache-control': 'no-store',
      });
    })
    .get('/', async (c) => c.json({ items: (await listApiTokens(core)).map(presentApiToken) }))
    .post('/:id/revoke', async (c) =>
      c.json(presentApiToken(await revokeApiToken(core, c.req.param('id'), principalOf(c).actor))),
    );
}
