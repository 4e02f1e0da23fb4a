import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookApp, type WebhookApp } from '../../testing/webhook-app.js';
import { maxBodyBytes } from '../app.js';
import { maxWebhookBytes } from './webhook-routes.js';

describe('/webhooks', () => {
  let bare: WebhookApp;
  let postmark: WebhookApp;
  const secret = 'postmark-shared-secret-0123456789';
  beforeAll(async () => {
    bare = await createWebhookApp();
    postmark = await createWebhookApp({ postmark: { secret } });
  });
  afterAll(async () => {
    await bare?.cleanup();
    await postmark?.cleanup();
  });

  it('answers 404 for a provider that is not configured', async () => {
    for (const provider of ['ses', 'postmark', 'sendgrid']) {
      expect((await bare.post(`/webhooks/${provider}`, '[]')).status).toBe(404);
    }
  });

  it('takes provider batches beyond the API body limit, up to its own', async () => {
    const auth = { 'x-kindly-webhook-secret': secret };
    const padded = (bytes: number) => JSON.stringify({ RecordType: 'Open', Padding: 'x'.repeat(bytes) });
    expect((await postmark.post('/webhooks/postmark', padded(maxBodyBytes * 2), auth)).status).toBe(200);
    expect((await postmark.post('/webhooks/postmark', padded(maxWebhookBytes), auth)).status).toBe(413);
  });
});
