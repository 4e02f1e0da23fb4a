/**
 * The consent rules end to end, in-process: the whole app over a real store, a real SMTP peer, and
 * an outbox worker that runs when the test says, on a clock the test moves. (Test-only.)
 */
import type { Member } from '../core/model.js';
import { dayMs } from '../core/rules.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outbox-worker.js';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from './smtp-peer.js';
import { createTestApp, type TestApp } from './test-app.js';
import { type TestCoreOptions, testDeliveryDeps } from './test-core.js';

export interface RulesHarness extends TestApp {
  peer: SmtpPeer;
  worker: OutboxWorker;
  /** A member named `name`, at `<name>@example.org`. */
  member(name: string): Promise<Member>;
  /** Runs the worker (scheduler sweeps included) until nothing is due. */
  drain(): Promise<number>;
  advanceDays(days: number): void;
  close(): Promise<void>;
}

export async function createRulesHarness(options: TestCoreOptions = {}): Promise<RulesHarness> {
  const app = await createTestApp(options);
  const peer = await startSmtpPeer();
  const mailer = createSmtpMailer({ url: peer.url });
  const worker = createOutboxWorker(testDeliveryDeps(app.core, mailer), {
    pollMs: 1000,
    leaseMs: 60_000,
    batchSize: 50,
  });
  return {
    ...app,
    peer,
    worker,
    async member(name) {
      const response = await app.call('POST', '/v1/members', {
        email: `${name.toLowerCase()}@example.org`,
        name,
      });
      if (response.status !== 201) throw new Error(`member ${name}: ${response.status}`);
      return (await response.json()) as Member;
    },
    drain: () => worker.drain(),
    advanceDays: (days) => app.clock.advance(days * dayMs),
    async close() {
      await mailer.close();
      await peer.close();
      await app.cleanup();
    },
  };
}

/** `X-Kindly-Kind` of a received message. */
export function kindOf(mail: ReceivedMail): string {
  return String(mail.parsed.headers.get('x-kindly-kind') ?? '');
}

/** Every distinct landing token (`/r/<token>`) in a message's text part, in order. */
export function landingTokens(mail: ReceivedMail): string[] {
  const found = [...(mail.parsed.text ?? '').matchAll(/\/r\/([A-Za-z0-9_-]{22,})(?![A-Za-z0-9_-])/g)];
  return [...new Set(found.map((match) => match[1] ?? ''))];
}

/** The token of the stop link in a message's List-Unsubscribe header. */
export function stopToken(mail: ReceivedMail): string {
  const line = mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  const token = /\/u\/([A-Za-z0-9_-]{22,})>/.exec(line)?.[1];
  if (!token) throw new Error(`no stop link in: ${line}`);
  return token;
}
