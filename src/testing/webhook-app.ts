/**
 * The whole app with provider webhooks configured, over a real store, for the webhook route tests;
 * and the stand-in keys the providers would hold. (Test-only.)
 */
import { execFileSync } from 'node:child_process';
import { type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Message, SuppressionReason } from '../core/model.js';
import type { Logger } from '../core/ports.js';
import { checkSuppression } from '../core/suppress.js';
import { createApp } from '../http/app.js';
import type { WebhookSettings } from '../http/webhooks/webhook-routes.js';
import type { InboundObserver } from '../mail/inbound/inbound-observer.js';
import { type SnsMessage, snsStringToSign } from '../mail/inbound/providers/sns-message.js';
import { createTestCore, type TestCore } from './test-core.js';

export interface WebhookApp {
  test: TestCore;
  app: ReturnType<typeof createApp>;
  /** Every warning logged, as `<message> <fields as JSON>`. */
  warnings: string[];
  /** A new address with one invitation sent to it, so each test sees only its own effects. */
  mailed(): Promise<{ email: string; message: Message }>;
  suppressed(email: string): Promise<SuppressionReason | null>;
  post(url: string, body: string, headers?: Record<string, string>): Promise<Response>;
  cleanup(): Promise<void>;
}

/** `inbound`: told each event's outcome, as the process's metrics are. */
export async function createWebhookApp(
  webhooks?: WebhookSettings,
  inbound?: InboundObserver,
): Promise<WebhookApp> {
  const test = await createTestCore();
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (fields, text) => warnings.push(`${text} ${JSON.stringify(fields)}`),
    error() {},
  };
  const app = createApp({
    core: test.core,
    adminTokenHash: 'unused',
    secret: test.secret,
    brand: 'Kindly',
    baseUrl: 'https://kindly.test',
    postalAddress: '1 Test Street',
    devMailbox: false,
    metrics: new Registry(),
    inbound,
    logger,
    ...(webhooks ? { webhooks } : {}),
  });
  let serial = 0;
  return {
    test,
    app,
    warnings,
    async mailed() {
      serial += 1;
      const email = `bob.${serial}@example.net`;
      const inviter = await createMember(test.core, { email: `alice.${serial}@example.org`, name: 'Alice' });
      const { invitation } = await invite(test.core, { inviterId: inviter.id, email });
      const [message] = await test.core.store.listMessagesForInvitation(invitation.id);
      if (!message) throw new Error('no message queued');
      // As the worker leaves it once the provider took it.
      await test.core.store.updateMessage(message.id, {
        state: 'sent',
        sentAt: test.clock.now().toISOString(),
      });
      return { email, message };
    },
    suppressed: async (email) => (await checkSuppression(test.core, email)).reason,
    post: async (url, body, headers = {}) =>
      app.request(url, {
        method: 'POST',
        body,
        // SNS posts JSON as text/plain; the others override this.
        headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers },
      }),
    cleanup: () => test.cleanup(),
  };
}

/** A problem+json answer, read for assertions. */
export async function problemOf(
  response: Response,
): Promise<{ status: number; type: string | null; code: string }> {
  const body = (await response.json()) as { code: string };
  return { status: response.status, type: response.headers.get('content-type'), code: body.code };
}

/** A self-signed certificate standing in for SNS's, made by the openssl CLI (node:crypto cannot). */
export function selfSignedCertificate(): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-sns-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    const subject = ['-subj', '/CN=sns.test', '-days', '2'];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, ...subject],
      {
        stdio: 'pipe',
      },
    );
    return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An SNS delivery signed as SNS signs it (SignatureVersion 1: RSA-SHA1, 2: RSA-SHA256), as its JSON body. */
export function signedSns(message: SnsMessage, key: KeyObject | string): string {
  const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
  const Signature = sign(algorithm, Buffer.from(snsStringToSign(message)), key).toString('base64');
  return JSON.stringify({
    ...message,
    Signature,
    SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/x.pem',
  });
}

/** The headers of a signed SendGrid Event Webhook request carrying `body`. */
export function sendgridHeaders(body: string, key: KeyObject, timestamp: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-twilio-email-event-webhook-signature': sign('sha256', Buffer.from(timestamp + body), key).toString(
      'base64',
    ),
    'x-twilio-email-event-webhook-timestamp': timestamp,
  };
}
