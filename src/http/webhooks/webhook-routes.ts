/**
 * `/webhooks/*`: bounce and complaint events from sending providers, each authenticated its own way
 * (see the adapters in `mail/inbound/providers`). A provider that is not configured answers 404:
 * without its key nothing it sends could be believed.
 */
import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SnsSettings } from '../../mail/inbound/providers/sns-message.js';
import { problem } from '../problem.js';
import { postmarkRoutes } from './postmark-routes.js';
import { sendgridRoutes } from './sendgrid-routes.js';
import { sesRoutes } from './ses-routes.js';
import type { WebhookDeps } from './webhook-request.js';

export interface WebhookSettings {
  ses?: SnsSettings;
  postmark?: { secret: string };
  sendgrid?: { publicKey: KeyObject };
}

/** SendGrid batches up to 768 KiB of events and SNS messages reach 256 KiB: more than the API's limit. */
export const maxWebhookBytes = 1024 * 1024;

export function webhookRoutes(deps: WebhookDeps, settings: WebhookSettings = {}): Hono {
  const app = new Hono();
  app.use(
    bodyLimit({
      maxSize: maxWebhookBytes,
      onError: (c) =>
        problem(c, 'payload_too_large', `Webhook bodies are limited to ${maxWebhookBytes} bytes.`),
    }),
  );
  app.route('/ses', sesRoutes(deps, settings.ses));
  app.route('/postmark', postmarkRoutes(deps, settings.postmark));
  app.route('/sendgrid', sendgridRoutes(deps, settings.sendgrid));
  return app;
}
