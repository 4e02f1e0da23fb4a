/**
 * Metrics as each process serves them: the KINDLY_METRICS_PORT listener on its own, `kindly worker`
 * (no API) counting into it, and `kindly serve` counting its worker and inbound listener into the
 * same listener, never onto its public HTTP port. Real SQLite, a real SMTP peer, real sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { Counter } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { invite } from './core/invite.js';
import { createMember } from './core/members.js';
import { type Kindly, startKindly } from './main.js';
import { processRegistry, startMetricsServer } from './main-metrics.js';
import { samples } from './testing/metrics-text.js';
import { type SmtpPeer, startSmtpPeer } from './testing/smtp-peer.js';
import { createTestCore, silentLogger } from './testing/test-core.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Scrapes `url` until `name{labels}` reads `value` (the worker records a send just after SMTP took it). */
async function scrapeUntil(url: string, name: string, labels: string, value: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await (await fetch(url)).text();
    if (samples(text, name)[labels] === value || Date.now() > deadline) return text;
    await sleep(25);
  }
}

describe('the metrics listener', () => {
  it('serves the registry at /metrics and health at /healthz and /readyz, and nothing else', async () => {
    const t = await createTestCore();
    const registry = processRegistry();
    new Counter({ name: 'kindly_test_total', help: 'test', registers: [registry] }).inc(3);
    const server = await startMetricsServer(
      { port: 0, host: '127.0.0.1' },
      { registry, store: t.core.store, logger: silentLogger },
    );
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toBe(registry.contentType);
      const text = await metrics.text();
      expect(samples(text, 'kindly_test_total')).toEqual({ '': 3 });
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/v1/invitations`)).status).toBe(404);
    } finally {
      await server.close();
      await t.cleanup();
    }
  });

  it('fails to start on a port that is taken', async () => {
    const t = await createTestCore();
    const deps = { registry: processRegistry(), store: t.core.store, logger: silentLogger };
    const first = await startMetricsServer({ port: 0, host: '127.0.0.1' }, deps);
    try {
      await expect(startMetricsServer({ port: first.port, host: '127.0.0.1' }, deps)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
      await t.cleanup();
    }
  });
});

describe('metrics of a started Kindly', () => {
  let dataDir: string;
  let peer: SmtpPeer;
  let kindly: Kindly | undefined;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-main-metrics-'));
    peer = await startSmtpPeer();
  });
  afterEach(async () => {
    await kindly?.close();
    kindly = undefined;
    await peer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      KINDLY_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      KINDLY_SMTP_URL: peer.url,
      KINDLY_POSTAL_ADDRESS: '1 Test Street',
      KINDLY_FROM: 'invitations@kindly.test',
      KINDLY_WORKER_POLL_MS: '20',
      KINDLY_METRICS_PORT: '0',
      ...env,
    }).config;

  async function inviteBob(running: Kindly): Promise<void> {
    const alice = await createMember(running.core, { email: 'alice@example.org', name: 'Alice' });
    await invite(running.core, { inviterId: alice.id, email: 'bob@example.net' });
  }

  it('`kindly worker` serves what its worker counted on KINDLY_METRICS_PORT', async () => {
    kindly = await startKindly(config(), { http: false, worker: true, logger: silentLogger });
    expect(kindly.port).toBeUndefined();
    expect(kindly.metricsPort).toEqual(expect.any(Number));
    await inviteBob(kindly);
    await peer.waitFor(1);

    const url = `http://127.0.0.1:${kindly.metricsPort}/metrics`;
    const text = await scrapeUntil(url, 'kindly_messages_total', 'kind="invitation",outcome="sent"', 1);
    expect(samples(text, 'kindly_messages_total')['kind="invitation",outcome="sent"']).toBe(1);
    expect(samples(text, 'kindly_smtp_send_seconds_count')).toEqual({ 'result="accepted"': 1 });
    // What this process does not run, it does not report.
    expect(text).not.toContain('kindly_inbound_total');
    expect(text).not.toContain('kindly_http_requests_total');
  });

  it('`kindly serve` serves no /metrics on its public port, and none at all without KINDLY_METRICS_PORT', async () => {
    kindly = await startKindly(config({ KINDLY_METRICS_PORT: '' }), {
      http: true,
      worker: false,
      logger: silentLogger,
    });
    expect(kindly.metricsPort).toBeUndefined();
    const metrics = await fetch(`http://127.0.0.1:${kindly.port}/metrics`);
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).not.toContain('kindly_');
    expect((await fetch(`http://127.0.0.1:${kindly.port}/healthz`)).status).toBe(200);
  });

  it('`kindly serve` counts its worker and inbound listener into KINDLY_METRICS_PORT, not its HTTP port', async () => {
    kindly = await startKindly(config({ KINDLY_INBOUND_PORT: '0' }), {
      http: true,
      worker: true,
      inbound: true,
      logger: silentLogger,
    });
    expect(kindly.metricsPort).toEqual(expect.any(Number));
    expect((await fetch(`http://127.0.0.1:${kindly.port}/metrics`)).status).toBe(404);
    await inviteBob(kindly);
    const [mail] = await peer.waitFor(1);
    if (!mail) throw new Error('nothing sent');

    const bounce = [
      'From: MAILER-DAEMON@mx.example.net',
      `To: ${mail.envelopeFrom}`,
      'Subject: Delivery Status Notification (Failure)',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Final-Recipient: rfc822; bob@example.net',
      'Action: failed',
      'Status: 5.1.1',
      '--b--',
      '',
    ].join('\r\n');
    await createTransport({
      host: '127.0.0.1',
      port: kindly.inboundPort,
      secure: false,
      ignoreTLS: true,
    }).sendMail({ envelope: { from: '', to: [mail.envelopeFrom] }, raw: bounce });

    const url = `http://127.0.0.1:${kindly.metricsPort}/metrics`;
    const text = await scrapeUntil(url, 'kindly_messages_total', 'kind="invitation",outcome="sent"', 1);
    expect(samples(text, 'kindly_messages_total')['kind="invitation",outcome="sent"']).toBe(1);
    expect(samples(text, 'kindly_inbound_total')).toEqual({ 'source="smtp",outcome="suppressed"': 1 });
    // The 404 above was counted: the public port's requests are in the operator's listener.
    expect(text).toContain('kindly_http_requests_total');
  });
});
