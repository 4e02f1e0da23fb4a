/**
 * Authentic provider events still change something only when they name one of our messages, and a
 * soft bounce counts once per (address, message) whichever path reports it: SMTP, SES, Postmark or
 * SendGrid.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../core/model.js';
import { hashToken } from '../../core/tokens.js';
import { classifyMessage } from '../../mail/inbound/classify/classify-message.js';
import { handleInboundMail } from '../../mail/inbound/handle-inbound-mail.js';
import { parseSendgridPublicKey } from '../../mail/inbound/providers/sendgrid.js';
import { parseCertificates, type SnsMessage } from '../../mail/inbound/providers/sns-message.js';
import { deliveryStatusReport } from '../../mail/testing/inbound-mail.js';
import { silentLogger } from '../../testing/test-core.js';
import {
  createWebhookApp,
  selfSignedCertificate,
  sendgridHeaders,
  signedSns,
  type WebhookApp,
} from '../../testing/webhook-app.js';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:kindly-bounces';

describe('provider webhooks tie every event to one of our messages', () => {
  const sns = selfSignedCertificate();
  const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const postmarkSecret = 'postmark-shared-secret-0123456789';
  let w: WebhookApp;

  beforeAll(async () => {
    const publicKey = sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    w = await createWebhookApp({
      ses: { certificates: parseCertificates(sns.certPem), topicArns: [topicArn] },
      postmark: { secret: postmarkSecret },
      sendgrid: { publicKey: parseSendgridPublicKey(publicKey) },
    });
  });
  afterAll(() => w?.cleanup());

  async function postmark(record: object) {
    const response = await w.post('/webhooks/postmark', JSON.stringify(record), {
      'content-type': 'application/json',
      'x-kindly-webhook-secret': postmarkSecret,
    });
    expect(response.status).toBe(200);
    return response.json();
  }
  async function sendgrid(events: object[]) {
    const body = JSON.stringify(events);
    const timestamp = String(Math.floor(w.test.clock.now().getTime() / 1000));
    const response = await w.post(
      '/webhooks/sendgrid',
      body,
      sendgridHeaders(body, sendgridKeys.privateKey, timestamp),
    );
    expect(response.status).toBe(200);
    return response.json();
  }
  async function ses(notification: object) {
    const message: SnsMessage = {
      Type: 'Notification',
      MessageId: `sns-${Math.random()}`,
      TopicArn: topicArn,
      Message: JSON.stringify(notification),
      Timestamp: w.test.clock.now().toISOString(),
      SignatureVersion: '2',
    };
    const response = await w.post('/webhooks/ses', signedSns(message, sns.keyPem));
    expect(response.status).toBe(200);
    return response.json();
  }
  const sesMail = (message?: Message) => ({
    source: 'invitations@kindly.test',
    ...(message ? { headers: [{ name: 'X-Kindly-Message', value: message.id }] } : {}),
  });

  async function pending(message: Message): Promise<boolean> {
    return (await w.test.core.store.getInvitation(message.invitationId ?? ''))?.state === 'pending';
  }

  it('changes nothing for an authentic event that names only an address Kindly mailed', async () => {
    const { email, message } = await w.mailed();
    const uncorrelated = { received: 1, applied: 0, uncorrelated: 1 };
    expect(await postmark({ RecordType: 'SpamComplaint', Type: 'SpamComplaint', Email: email })).toEqual(
      uncorrelated,
    );
    expect(
      await postmark({ RecordType: 'SubscriptionChange', Recipient: email, SuppressSending: true }),
    ).toEqual(uncorrelated);
    expect(await sendgrid([{ email, timestamp: 1, event: 'spamreport', sg_event_id: 'a' }])).toEqual(
      uncorrelated,
    );
    expect(
      await ses({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: 'abuse' },
        mail: sesMail(),
      }),
    ).toEqual(uncorrelated);
    expect(await w.suppressed(email)).toBeNull();
    expect(await pending(message)).toBe(true);
  });

  it('changes nothing when the event names our message but somebody else', async () => {
    const mailed = await w.mailed();
    const other = await w.mailed();
    const uncorrelated = { received: 1, applied: 0, uncorrelated: 1 };
    expect(
      await postmark({
        RecordType: 'SpamComplaint',
        Type: 'SpamComplaint',
        Email: other.email,
        Metadata: { 'kindly-message': mailed.message.id },
      }),
    ).toEqual(uncorrelated);
    expect(
      await sendgrid([
        {
          email: other.email,
          timestamp: 1,
          event: 'spamreport',
          sg_event_id: 'b',
          kindly_message: mailed.message.id,
        },
      ]),
    ).toEqual(uncorrelated);
    expect(
      await ses({
        notificationType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: other.email }] },
        mail: sesMail(mailed.message),
      }),
    ).toEqual(uncorrelated);
    for (const { email, message } of [mailed, other]) {
      expect(await w.suppressed(email)).toBeNull();
      expect(await pending(message)).toBe(true);
    }
  });

  it('counts a soft bounce of one message once, whichever path reports it', async () => {
    const { email, message } = await w.mailed();
    const key = w.test.core.keyOf(email);
    const verp = 'SoftVerpToken_0123456789abcdefghij';
    await w.test.core.store.insertToken({
      hash: hashToken(verp),
      purpose: 'bounce',
      invitationId: message.invitationId,
      addressKey: key,
      messageId: message.id,
      createdAt: w.test.clock.now().toISOString(),
    });
    const smtp = await handleInboundMail(
      { core: w.test.core, bounceDomain: 'kindly.test', classify: classifyMessage, logger: silentLogger },
      {
        rcptTo: [`bounce+${verp}@kindly.test`],
        raw: Buffer.from(deliveryStatusReport(verp, email, '4.2.2', 'delayed')),
      },
    );
    expect(smtp.outcomes).toEqual(['counted']);
    await postmark({
      RecordType: 'Bounce',
      Type: 'SoftBounce',
      Email: email,
      Metadata: { 'kindly-message': message.id },
    });
    await sendgrid([
      { email, timestamp: 1, event: 'bounce', type: 'blocked', status: '4.7.1', kindly_message: message.id },
    ]);
    await ses({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [{ emailAddress: email }],
      },
      mail: sesMail(message),
    });
    const since = new Date(w.test.clock.now().getTime() - 60_000).toISOString();
    expect(await w.test.core.store.countSoftBounces(key, since)).toBe(1);
    const outcomes = (await w.test.core.store.listEvents('message', message.id)).map((e) => e.data?.outcome);
    expect(outcomes.sort()).toEqual(['counted', 'ignored', 'ignored', 'ignored']);
    expect(await w.suppressed(email)).toBeNull();
  });
});
