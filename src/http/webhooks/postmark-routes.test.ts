import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookApp, problemOf, type WebhookApp } from '../../testing/webhook-app.js';

describe('POST /webhooks/postmark', () => {
  const secret = 'postmark-shared-secret-0123456789';
  const basic = (password: string) => `Basic ${Buffer.from(`kindly:${password}`).toString('base64')}`;
  // Postmark hands back the metadata each message was sent with (X-PM-Metadata-kindly-message).
  const metadata = (outboxId: string) => ({ 'kindly-message': outboxId });
  const hardBounce = (email: string, outboxId: string) =>
    JSON.stringify({
      RecordType: 'Bounce',
      ID: 42,
      Type: 'HardBounce',
      TypeCode: 1,
      MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
      Email: email,
      BouncedAt: '2026-03-03T09:00:00Z',
      Metadata: metadata(outboxId),
    });
  let w: WebhookApp;
  beforeAll(async () => {
    w = await createWebhookApp({ postmark: { secret } });
  });
  afterAll(() => w?.cleanup());

  it('applies a bounce with the secret as Basic auth password, and a complaint with the secret header', async () => {
    const { email, message } = await w.mailed();
    const json = { 'content-type': 'application/json' };
    expect(
      (
        await w.post('/webhooks/postmark', hardBounce(email, message.id), {
          ...json,
          authorization: basic(secret),
        })
      ).status,
    ).toBe(200);
    expect(await w.suppressed(email)).toBe('hard-bounce');
    const complaint = JSON.stringify({
      RecordType: 'SpamComplaint',
      Type: 'SpamComplaint',
      TypeCode: 512,
      Email: email,
      Metadata: metadata(message.id),
    });
    const response = await w.post('/webhooks/postmark', complaint, {
      ...json,
      'x-kindly-webhook-secret': secret,
    });
    expect(response.status).toBe(200);
    expect(await w.suppressed(email)).toBe('complaint');
  });

  it('refuses a missing secret with 401 and a wrong one with 403, and suppresses nothing', async () => {
    const { email, message } = await w.mailed();
    const bounce = hardBounce(email, message.id);
    const missing = await w.post('/webhooks/postmark', bounce);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await problemOf(missing)).toEqual({
      status: 401,
      type: 'application/problem+json',
      code: 'unauthorized',
    });
    expect((await w.post('/webhooks/postmark', bounce, { authorization: basic('guess') })).status).toBe(403);
    const near = { 'x-kindly-webhook-secret': `${secret}x` };
    expect(await problemOf(await w.post('/webhooks/postmark', bounce, near))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await w.post('/webhooks/postmark', bounce, { authorization: 'Bearer x' })).status).toBe(401);
    expect(await w.suppressed(email)).toBeNull();
  });

  it('counts a soft bounce without suppressing, and follows a SubscriptionChange unsubscribe', async () => {
    const { email, message } = await w.mailed();
    const auth = { authorization: basic(secret) };
    const soft = JSON.stringify({
      RecordType: 'Bounce',
      Type: 'SoftBounce',
      Email: email,
      Metadata: metadata(message.id),
    });
    expect((await w.post('/webhooks/postmark', soft, auth)).status).toBe(200);
    expect(await w.suppressed(email)).toBeNull();
    const change = JSON.stringify({
      RecordType: 'SubscriptionChange',
      Recipient: email,
      SuppressSending: true,
      SuppressionReason: 'ManualSuppression',
      Metadata: metadata(message.id),
    });
    expect((await w.post('/webhooks/postmark', change, auth)).status).toBe(200);
    expect(await w.suppressed(email)).toBe('stop');
  });
});
