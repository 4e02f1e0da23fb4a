/**
 * The composition root: configuration in, a running Kindly out. The only place that picks adapters
 * (SQLite or Postgres, SMTP or the dev mailbox) and hands them to the core.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Registry } from 'prom-client';
import type { Config } from './config.js';
import type { CoreDeps } from './core/deps.js';
import type { Clock, Logger, Mailer } from './core/ports.js';
import type { RetryPolicy } from './core/retry-policy.js';
import { createSuppressionKeyer } from './core/suppression-key.js';
import { createApp } from './http/app.js';
import type { MailSettings } from './mail/compose/mail-settings.js';
import { createDevMailbox } from './mail/transports/dev-mailbox.js';
import { createSmtpMailer } from './mail/transports/smtp-mailer.js';
import { startInboundListener, webhookSettings } from './main-inbound.js';
import { type MetricsServer, processRegistry, startMetricsServer } from './main-metrics.js';
import { createOutboxWorker, defaultWorkerOptions, type OutboxWorker } from './outbox/outbox-worker.js';
import { createInboundMetrics } from './runtime/inbound-metrics.js';
import { randomIds } from './runtime/random-ids.js';
import { systemClock } from './runtime/system-clock.js';
import { createWorkerMetrics } from './runtime/worker-metrics.js';
import { openStore } from './store/open-store.js';

export interface StartOptions {
  http?: boolean;
  worker?: boolean;
  clock?: Clock;
  logger: Logger;
  retry?: RetryPolicy;
  /** Run the inbound SMTP listener (bounces, complaints, mailto unsubscribes). Default: no. */
  inbound?: boolean;
}

export interface Kindly {
  core: CoreDeps;
  worker: OutboxWorker | undefined;
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number | undefined;
  /** The inbound SMTP port actually bound, when the listener runs. */
  inboundPort: number | undefined;
  /** What this process counts: served at /metrics on KINDLY_METRICS_PORT only, never the public port. */
  metrics: Registry;
  /** The KINDLY_METRICS_PORT listener's port, when it is set. */
  metricsPort: number | undefined;
  close(): Promise<void>;
}

export function mailSettings(config: Config): MailSettings {
  return {
    brand: config.brand,
    fromAddress: config.fromAddress,
    bounceDomain: config.bounceDomain,
    postalAddress: config.postalAddress,
    baseUrl: config.baseUrl,
  };
}

export async function startKindly(config: Config, options: StartOptions): Promise<Kindly> {
  const { logger } = options;
  const { store } = await openStore(config.databaseUrl, {
    migrate: true,
    // Rare by design (paths lock invitation, message, outcome in that order); a steady stream of these
    // means two paths disagree on the order.
    onConflict: (err, attempt) => logger.warn({ err, attempt }, 'transaction run again after a conflict'),
  });
  const clock = options.clock ?? systemClock;
  const core: CoreDeps = {
    store,
    clock,
    ids: randomIds,
    keyOf: createSuppressionKeyer(config.secret),
    rules: config.rules,
    brand: config.brand,
  };
  // One registry for everything this process runs, so `kindly serve` shows its worker and listener too.
  const metrics = processRegistry();
  let metricsServer: MetricsServer | undefined;
  if (config.metrics.port !== undefined) {
    const address = { port: config.metrics.port, host: config.metrics.host };
    metricsServer = await startMetricsServer(address, { registry: metrics, store, logger });
  }
  const inboundMetrics =
    options.http !== false || options.inbound ? createInboundMetrics(metrics) : undefined;

  let mailer: Mailer | undefined;
  let worker: OutboxWorker | undefined;
  if (options.worker !== false) {
    const sender = config.smtpUrl
      ? // More connections than messages in flight would sit idle.
        createSmtpMailer({
          url: config.smtpUrl,
          logger,
          maxConnections: config.workerConcurrency,
          dkim: config.dkim,
          // A send must end well inside the lease the hand-off just extended, or another worker
          // would take the message while this one still waits on the peer.
          stallTimeoutMs: Math.floor(config.workerLeaseMs / 4),
        })
      : createDevMailbox({ store, clock, newId: () => randomIds.id('msg'), dkim: config.dkim });
    mailer = sender;
    const workerMetrics = createWorkerMetrics(metrics);
    worker = createOutboxWorker(
      {
        ...core,
        mailer: workerMetrics.timed(sender),
        mail: mailSettings(config),
        retry: options.retry ?? config.retry,
        logger,
      },
      {
        ...defaultWorkerOptions,
        pollMs: config.workerPollMs,
        leaseMs: config.workerLeaseMs,
        batchSize: config.workerBatchSize,
        concurrency: config.workerConcurrency,
        observer: workerMetrics,
      },
    );
    const running = worker;
    core.onMessageQueued = () => running.poke();
    worker.start();
  }

  let server: ReturnType<typeof serve> | undefined;
  let port: number | undefined;
  if (options.http !== false) {
    const app = createApp({
      core,
      adminTokenHash: config.adminTokenHash,
      secret: config.secret,
      brand: config.brand,
      baseUrl: config.baseUrl,
      postalAddress: config.postalAddress,
      devMailbox: !config.smtpUrl,
      metrics,
      inbound: inboundMetrics,
      logger,
      webhooks: webhookSettings(config, logger),
    });
    const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
        resolve(instance),
      );
    });
    server = listening;
    port = (listening.address() as AddressInfo).port;
  }

  const inbound = options.inbound
    ? await startInboundListener(config, core, logger, options.http !== false, inboundMetrics)
    : undefined;

  return {
    core,
    worker,
    port,
    inboundPort: inbound?.port,
    metrics,
    metricsPort: metricsServer?.port,
    async close() {
      await inbound?.close();
      await metricsServer?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await worker?.stop();
      await mailer?.close();
      await store.close();
    },
  };
}
