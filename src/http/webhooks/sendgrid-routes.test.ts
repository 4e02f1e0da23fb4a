import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSendgridPublicKey } from '../../mail/inbound/providers/sendgrid.js';
import { createWebhookApp, problemOf, sendgridHeaders, type WebhookApp } from '../../testing/webhook-app.js';

describe('POST /webhooks/sendgrid (signed Event Webhook)', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  let w: WebhookApp;
  beforeAll(async () => {
    const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    w = await createWebhookApp({ sendgrid: { publicKey: parseSendgridPublicKey(publicKey) } });
  });
  afterAll(() => w?.cleanup());

  const now = () => Math.floor(w.test.clock.now().getTime() / 1000);
  const events = (email: string, outboxId: string) =>
    JSON.stringify([
      {
        email,
        timestamp: now(),
        event: 'processed',
        'smtp-id': `<${outboxId}@kindly.test>`,
        sg_event_id: 'e1',
      },
      {
        email,
        timestamp: now(),
        event: 'bounce',
        type: 'bounce',
        status: '5.1.1',
        reason: '550 5.1.1 The email account that you tried to reach does not exist',
        'smtp-id': `<${outboxId}@kindly.test>`,
        sg_event_id: 'e2',
      },
    ]);
  const headers = (body: string, key: KeyObject = keys.privateKey, timestamp = String(now())) =>
    sendgridHeaders(body, key, timestamp);

  it('applies signed events', async () => {
    const { email, message } = await w.mailed();
    const body = events(email, message.id);
    const response = await w.post('/webhooks/sendgrid', body, headers(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, applied: 1, uncorrelated: 0 });
    expect(await w.suppressed(email)).toBe('hard-bounce');
  });

  it('refuses unsigned, forged, tampered and stale requests, and suppresses nothing', async () => {
    const { email, message } = await w.mailed();
    const body = events(email, message.id);
    expect(
      await problemOf(await w.post('/webhooks/sendgrid', body, { 'content-type': 'application/json' })),
    ).toEqual({
      status: 401,
      type: 'application/problem+json',
      code: 'unauthorized',
    });
    expect(await problemOf(await w.post('/webhooks/sendgrid', body, headers(body, stranger)))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await w.post('/webhooks/sendgrid', body.replace('5.1.1', '5.1.2'), headers(body))).status).toBe(
      403,
    );
    const hourOld = headers(body, keys.privateKey, String(now() - 3600));
    expect((await w.post('/webhooks/sendgrid', body, hourOld)).status).toBe(403);
    expect(
      (await w.post('/webhooks/sendgrid', body, headers(body, keys.privateKey, 'yesterday'))).status,
    ).toBe(403);
    expect(await w.suppressed(email)).toBeNull();
  });

  it('treats spam reports as complaints and ignores opens and deferrals', async () => {
    const { email, message } = await w.mailed();
    const quiet = JSON.stringify([
      { email, timestamp: now(), event: 'deferred', attempt: '1' },
      { email, timestamp: now(), event: 'open' },
    ]);
    const ignored = await w.post('/webhooks/sendgrid', quiet, headers(quiet));
    expect(await ignored.json()).toEqual({ received: 0, applied: 0, uncorrelated: 0 });
    // A spam report carries no smtp-id: the unique argument every message is sent with names it.
    const body = JSON.stringify([
      { email, timestamp: now(), event: 'spamreport', sg_event_id: 'e3', kindly_message: message.id },
    ]);
    expect((await w.post('/webhooks/sendgrid', body, headers(body))).status).toBe(200);
    expect(await w.suppressed(email)).toBe('complaint');
  });
});
