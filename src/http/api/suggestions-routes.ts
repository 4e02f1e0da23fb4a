/** People you may know: `GET /v1/members/:id/suggestions`, `POST …/suggestions/:otherId/dismiss`. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { dismissSuggestion, listSuggestions } from '../../core/suggestions.js';
import { presentSuggestion } from './contact-presenters.js';
import { parseWith } from './read-json.js';

const suggestionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function suggestionsRoutes(core: CoreDeps): Hono {
  return new Hono()
    .get('/:id/suggestions', async (c) => {
      const { limit } = parseWith(suggestionsQuery, c.req.query());
      const items = await listSuggestions(core, c.req.param('id'), limit);
      return c.json({ items: items.map(presentSuggestion) });
    })
    .post('/:id/suggestions/:otherId/dismiss', async (c) => {
      await dismissSuggestion(core, c.req.param('id'), c.req.param('otherId'));
      return c.body(null, 204);
    });
}
