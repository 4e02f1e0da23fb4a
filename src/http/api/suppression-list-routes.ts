/**
 * `POST /v1/suppressions/import` and `GET /v1/suppressions/export`: the suppression list in (clear
 * addresses, of which only keys are kept) and out (keys). Operator-only, like every suppression route.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps.js';
import { importSuppressions } from '../../core/suppression-import.js';
import { principalOf } from '../middleware/principal.js';
import { problem } from '../problem.js';
import { decodeSuppressionCursor, encodeSuppressionCursor } from './cursor.js';
import { parseWith, readJson } from './read-json.js';

export const suppressionImportPath = '/v1/suppressions/import';
export const maxImportEmails = 10_000;
/**
 * 10,000 addresses of ordinary length need about 300 KiB of JSON, far over the API's 64 KiB; 1 MiB
 * leaves room for long ones (about 100 bytes each) while keeping one request's work bounded.
 */
export const maxImportBodyBytes = 1024 * 1024;

const importBody = z.strictObject({
  // Strings of any length: each bad one is reported by its index, not fatal to the rest.
  emails: z
    .array(z.string())
    .min(1)
    .max(maxImportEmails, `at most ${maxImportEmails} addresses per request; send the rest in another`),
  reason: z.string().max(40).optional(),
  scope: z.string().max(100).optional(),
});

const exportQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(600).optional(),
});

export function suppressionListRoutes(core: CoreDeps): Hono {
  return new Hono()
    .post(
      '/import',
      bodyLimit({
        maxSize: maxImportBodyBytes,
        onError: (c) =>
          problem(
            c,
            'payload_too_large',
            `An import body is limited to ${maxImportBodyBytes} bytes; split the list.`,
          ),
      }),
      async (c) => {
        const body = await readJson(c, importBody);
        const entries = body.emails.map((address, index) => ({ address, index }));
        const summary = await importSuppressions(core, entries, {
          reason: body.reason,
          scope: body.scope,
          actor: principalOf(c).actor,
        });
        return c.json(summary);
      },
    )
    .get('/export', async (c) => {
      const query = parseWith(exportQuery, c.req.query());
      const after = query.cursor === undefined ? undefined : decodeSuppressionCursor(query.cursor);
      const page = await core.store.listSuppressions({ limit: query.limit + 1, after });
      const items = page.slice(0, query.limit);
      const last = items.at(-1);
      return c.json({
        items: items.map((s) => ({
          key: s.key,
          scope: s.scope,
          reason: s.reason,
          source: s.source,
          createdAt: s.createdAt,
        })),
        nextCursor: page.length > query.limit && last ? encodeSuppressionCursor(last) : null,
      });
    });
}
