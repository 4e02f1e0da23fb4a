import { Hono } from 'hono';
import { z } from 'zod';
import { parseAddress } from '../../core/address.js';
import type { CoreDeps } from '../../core/deps.js';
import { liftSuppression } from '../../core/lift-suppression.js';
import { suppressionReasons } from '../../core/model.js';
import { checkSuppression, parseScope, suppress } from '../../core/suppress.js';
import { principalOf } from '../middleware/principal.js';
import { parseWith, readJson } from './read-json.js';

const newSuppressionBody = z.strictObject({
  email: z.string().max(512),
  reason: z.enum(suppressionReasons).default('admin'),
  scope: z.string().max(100).optional(),
});

const checkQuery = z.strictObject({ email: z.string().max(512) });

const liftQuery = z.strictObject({ email: z.string().max(512), scope: z.string().max(100).optional() });

/** Operator-only: the bearer token of these routes is the operator's. */
export function suppressionsRoutes(core: CoreDeps): Hono {
  return (
    new Hono()
      .post('/', async (c) => {
        const body = await readJson(c, newSuppressionBody);
        const scope = parseScope(body.scope);
        const key = core.keyOf(parseAddress(body.email));
        await suppress(core, { key, scope, reason: body.reason, source: 'api', actor: principalOf(c).actor });
        return c.json({ suppressed: true, scope, reason: body.reason }, 201);
      })
      .get('/check', async (c) => {
        const { email } = parseWith(checkQuery, c.req.query());
        return c.json(await checkSuppression(core, email));
      })
      // Nothing to lift answers 200 `false`, not 404: an operator learns no more here than /check says.
      .delete('/', async (c) => {
        const query = parseWith(liftQuery, c.req.query());
        const scope = parseScope(query.scope);
        const key = core.keyOf(parseAddress(query.email));
        const lifted = await liftSuppression(core, {
          key,
          scope,
          actor: 'operator',
          auditActor: principalOf(c).actor,
          source: 'api',
        });
        return c.json({ lifted });
      })
  );
}
