/** `POST /webhooks/sendgrid`: SendGrid's signed Event Webhook. */
import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import {
  parseSendgrid,
  sendgridSignatureHeader,
  sendgridTimestampHeader,
  verifySendgrid,
} from '../../mail/inbound/providers/sendgrid.js';
import { problem } from '../problem.js';
import { applyProviderReports, parseJson, refuse, type WebhookDeps } from './webhook-request.js';

export function sendgridRoutes(deps: WebhookDeps, settings: { publicKey: KeyObject } | undefined): Hono {
  return new Hono().post('/', async (c) => {
    if (!settings) {
      return problem(
        c,
        'not_found',
        'The SendGrid webhook is not configured (KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY).',
      );
    }
    const rawBody = await c.req.text();
    const verdict = verifySendgrid(
      {
        signature: c.req.header(sendgridSignatureHeader),
        timestamp: c.req.header(sendgridTimestampHeader),
        rawBody,
      },
      settings.publicKey,
      deps.core.clock.now(),
    );
    if (!verdict.ok) return refuse(c, verdict, 'sendgrid', deps.logger);
    const parsed = parseJson(c, rawBody);
    if ('response' in parsed) return parsed.response;
    return applyProviderReports(c, deps, 'sendgrid', () => parseSendgrid(parsed.body));
  });
}
