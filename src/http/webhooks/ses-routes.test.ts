import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates, type SnsMessage } from '../../mail/inbound/providers/sns-message.js';
import {
  createWebhookApp,
  problemOf,
  selfSignedCertificate,
  signedSns,
  type WebhookApp,
} from '../../testing/webhook-app.js';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:kindly-bounces';

describe('POST /webhooks/ses (Amazon SES via SNS)', () => {
  const sns = selfSignedCertificate();
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  let w: WebhookApp;
  beforeAll(async () => {
    w = await createWebhookApp({
      ses: { certificates: parseCertificates(sns.certPem), topicArns: [topicArn] },
    });
  });
  afterAll(() => w?.cleanup());

  function notification(body: object, overrides: Partial<SnsMessage> = {}): SnsMessage {
    return {
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: topicArn,
      Subject: 'Amazon SES Email Event Notification',
      Message: JSON.stringify(body),
      Timestamp: '2026-03-03T09:00:00.000Z',
      SignatureVersion: '2',
      ...overrides,
    };
  }
  const signed = (message: SnsMessage, key: KeyObject | string = sns.keyPem) => signedSns(message, key);
  const bounce = (email: string, outboxId: string) => ({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        {
          emailAddress: email,
          status: '5.1.1',
          action: 'failed',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
    },
    mail: {
      source: 'invitations@kindly.test',
      // SES rewrites Message-ID on the way out; the headers we sent are kept here.
      headers: [
        { name: 'Message-ID', value: '<0100018e-ses@email.amazonses.com>' },
        { name: 'X-Kindly-Message', value: outboxId },
      ],
    },
  });

  it('applies a hard bounce signed with SignatureVersion 2 and a complaint signed with version 1', async () => {
    const { email, message } = await w.mailed();
    const response = await w.post('/webhooks/ses', signed(notification(bounce(email, message.id))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, applied: 1, uncorrelated: 0 });
    expect(await w.suppressed(email)).toBe('hard-bounce');
    expect((await w.test.core.store.getInvitation(message.invitationId ?? ''))?.state).toBe('undeliverable');

    const complaint = {
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse' },
      mail: {
        source: 'invitations@kindly.test',
        commonHeaders: { messageId: `<${message.id}@kindly.test>` },
      },
    };
    const v1 = notification(complaint, { SignatureVersion: '1', Subject: undefined });
    expect((await w.post('/webhooks/ses', signed(v1))).status).toBe(200);
    expect(await w.suppressed(email)).toBe('complaint');
  });

  it('refuses unsigned, forged, tampered and foreign-topic messages, and suppresses nothing', async () => {
    const { email, message } = await w.mailed();
    const good = notification(bounce(email, message.id));
    expect(await problemOf(await w.post('/webhooks/ses', JSON.stringify(good)))).toEqual({
      status: 401,
      type: 'application/problem+json',
      code: 'unauthorized',
    });
    expect((await w.post('/webhooks/ses', signed(good, stranger))).status).toBe(403);
    const tampered = JSON.parse(signed(notification({ notificationType: 'Delivery', mail: {} })));
    tampered.Message = good.Message;
    expect(await problemOf(await w.post('/webhooks/ses', JSON.stringify(tampered)))).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    const foreign = { ...good, TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-elses' };
    expect((await w.post('/webhooks/ses', signed(foreign))).status).toBe(403);
    expect((await w.post('/webhooks/ses', signed({ ...good, SignatureVersion: '3' }))).status).toBe(403);
    expect(await problemOf(await w.post('/webhooks/ses', '{not json'))).toMatchObject({ status: 400 });
    expect(await w.suppressed(email)).toBeNull();
  });

  it('logs a subscription confirmation for the operator instead of fetching it', async () => {
    const confirmation: SnsMessage = {
      Type: 'SubscriptionConfirmation',
      MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      TopicArn: topicArn,
      Message: 'You have chosen to subscribe to the topic.',
      Timestamp: '2026-03-03T09:00:00.000Z',
      SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc',
      Token: 'abc',
      SignatureVersion: '2',
    };
    const response = await w.post('/webhooks/ses', signed(confirmation));
    expect(response.status).toBe(200);
    expect(w.warnings.some((line) => line.includes('Action=ConfirmSubscription&Token=abc'))).toBe(true);
    // Its fields are signed too: a changed SubscribeURL does not verify.
    const changed = { ...JSON.parse(signed(confirmation)), SubscribeURL: 'https://attacker.example/' };
    expect((await w.post('/webhooks/ses', JSON.stringify(changed))).status).toBe(403);
  });
});
