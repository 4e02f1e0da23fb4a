/** `POST /webhooks/postmark`: Postmark's webhooks, authenticated by the shared secret. */
import { Hono } from 'hono';
import {
  parsePostmark,
  postmarkSecretHeader,
  verifyPostmark,
} from '../../mail/inbound/providers/postmark.js';
import { problem } from '../problem.js';
import { applyProviderReports, parseJson, refuse, type WebhookDeps } from './webhook-request.js';

export function postmarkRoutes(deps: WebhookDeps, settings: { secret: string } | undefined): Hono {
  return new Hono().post('/', async (c) => {
    if (!settings) {
      return problem(
        c,
        'not_found',
        'The Postmark webhook is not configured (KINDLY_POSTMARK_WEBHOOK_SECRET).',
      );
    }
    const verdict = verifyPostmark(
      { authorization: c.req.header('authorization'), secret: c.req.header(postmarkSecretHeader) },
      settings.secret,
    );
    if (!verdict.ok) return refuse(c, verdict, 'postmark', deps.logger, 'Basic realm="kindly webhooks"');
    const parsed = parseJson(c, await c.req.text());
    if ('response' in parsed) return parsed.response;
    return applyProviderReports(c, deps, 'postmark', () => parsePostmark(parsed.body));
  });
}
