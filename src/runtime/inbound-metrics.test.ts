/**
 * The inbound metrics as an operator scrapes them: bounces, an auto-reply and mailto unsubscribes
 * delivered over SMTP to the real listener, and provider events posted to the real webhook routes,
 * each over a real SQLite store; the registry's text is read back line by line.
 */
import { createTransport } from 'nodemailer';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { checkSuppression } from '../core/suppress.js';
import { hashToken } from '../core/tokens.js';
import { classifyMessage } from '../mail/inbound/classify/classify-message.js';
import type { Classifier } from '../mail/inbound/inbound-report.js';
import { type InboundServer, startInboundServer } from '../mail/inbound/inbound-server.js';
import { deliveryStatusReport, outOfOfficeReply } from '../mail/testing/inbound-mail.js';
import { counted } from '../testing/metrics-text.js';
import { createTestCore, insertStopToken, silentLogger, type TestCore } from '../testing/test-core.js';
import { createWebhookApp } from '../testing/webhook-app.js';
import { createInboundMetrics } from './inbound-metrics.js';

describe('inbound metrics', () => {
  describe('from the inbound SMTP listener', () => {
    let t: TestCore;
    let server: InboundServer;
    let registry: Registry;
    let classify: Classifier;

    beforeEach(async () => {
      t = await createTestCore();
      registry = new Registry();
      classify = classifyMessage;
      server = await startInboundServer(
        {
          core: t.core,
          bounceDomain: 'kindly.test',
          classify: (raw) => classify(raw),
          logger: silentLogger,
          observer: createInboundMetrics(registry),
        },
        { port: 0, host: '127.0.0.1' },
      );
    });
    afterEach(async () => {
      await server.close();
      await t.cleanup();
    });

    const deliver = (to: string, raw: string) =>
      createTransport({ host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true }).sendMail({
        envelope: { from: '', to: [to] },
        raw,
      });

    /** An invitation to `email`, and the VERP token its message went out with. */
    async function mailed(email: string): Promise<string> {
      const alice = await createMember(t.core, { email: `alice.${email}`, name: 'Alice' });
      const { invitation } = await invite(t.core, { inviterId: alice.id, email });
      const verp = `Verp_${email.replace(/\W/g, '_')}_0123456789abcdef`;
      await t.core.store.insertToken({
        hash: hashToken(verp),
        purpose: 'bounce',
        invitationId: invitation.id,
        addressKey: invitation.recipientKey,
        messageId: `msg_${invitation.id}`,
        createdAt: t.clock.now().toISOString(),
      });
      return verp;
    }

    it('counts bounces, auto-replies and mailto unsubscribes by source and outcome', async () => {
      const gone = await mailed('gone@example.net');
      await deliver(`bounce+${gone}@kindly.test`, deliveryStatusReport(gone, 'gone@example.net', '5.1.1'));
      expect((await checkSuppression(t.core, 'gone@example.net')).reason).toBe('hard-bounce');

      const full = await mailed('full@example.net');
      await deliver(
        `bounce+${full}@kindly.test`,
        deliveryStatusReport(full, 'full@example.net', '4.2.2', 'delayed'),
      );
      expect((await checkSuppression(t.core, 'full@example.net')).suppressed).toBe(false);

      const away = await mailed('away@example.net');
      await deliver(`bounce+${away}@kindly.test`, outOfOfficeReply('away@example.net', away));

      // A report about nobody we mailed, under a token we never issued.
      const stranger = 'Verp_unknown_0123456789abcdefghij';
      await deliver(
        `bounce+${stranger}@kindly.test`,
        deliveryStatusReport(stranger, 'stranger@example.net', '5.1.1'),
      );

      const stopToken = 'StopToken_0123456789abcdefghij';
      await insertStopToken(t.core, stopToken, 'stop.me@example.net');
      const unsubscribe = (token: string) =>
        deliver(`unsubscribe+${token}@kindly.test`, 'From: stop.me@example.net\r\n\r\nunsubscribe\r\n');
      await unsubscribe(stopToken);
      await unsubscribe('Unknown_Token_0123456789abcd');
      expect((await checkSuppression(t.core, 'stop.me@example.net')).reason).toBe('stop');

      classify = async () => {
        throw new Error('not MIME at all');
      };
      await expect(deliver('bounce+x@kindly.test', 'garbage')).rejects.toMatchObject({ responseCode: 550 });

      expect(counted(await registry.metrics(), 'kindly_inbound_total')).toEqual({
        'source="smtp",outcome="suppressed"': 1,
        'source="smtp",outcome="counted"': 1,
        'source="smtp",outcome="ignored"': 1,
        'source="smtp",outcome="uncorrelated"': 1,
        'source="smtp",outcome="unreadable"': 1,
        'source="mailto",outcome="suppressed"': 1,
        'source="mailto",outcome="uncorrelated"': 1,
      });
    });
  });

  it('counts provider webhook events under the provider, from the app routes', async () => {
    const secret = 'postmark-shared-secret-0123456789';
    const registry = new Registry();
    const w = await createWebhookApp({ postmark: { secret } }, createInboundMetrics(registry));
    try {
      const post = (body: object) =>
        w.post('/webhooks/postmark', JSON.stringify(body), {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`kindly:${secret}`).toString('base64')}`,
        });
      const hard = await w.mailed();
      const soft = await w.mailed();
      const bounce = (type: string, to: { email: string; message: { id: string } }) =>
        post({
          RecordType: 'Bounce',
          Type: type,
          Email: to.email,
          Metadata: { 'kindly-message': to.message.id },
        });
      expect((await bounce('HardBounce', hard)).status).toBe(200);
      expect((await bounce('SoftBounce', soft)).status).toBe(200);
      // An address we mailed, but no message of ours named: nothing changes.
      const named = await w.mailed();
      expect((await post({ RecordType: 'Bounce', Type: 'HardBounce', Email: named.email })).status).toBe(200);
      expect(await w.suppressed(named.email)).toBeNull();
      expect(await w.suppressed(hard.email)).toBe('hard-bounce');
      // Refused before anything in it was read: not an inbound event, only an HTTP 401.
      expect((await w.post('/webhooks/postmark', '{}')).status).toBe(401);

      expect(counted(await registry.metrics(), 'kindly_inbound_total')).toEqual({
        'source="postmark",outcome="suppressed"': 1,
        'source="postmark",outcome="counted"': 1,
        'source="postmark",outcome="uncorrelated"': 1,
      });
    } finally {
      await w.cleanup();
    }
  });
});
