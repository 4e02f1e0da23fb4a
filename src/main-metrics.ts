/**
 * The composition root's metrics half, kept apart from `main.ts` so each stays small: the one
 * registry a process counts into, and the listener that serves it from processes without the API.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger, Store } from './core/ports.js';
import { createMetricsApp } from './http/metrics-app.js';

/** A fresh registry with Node's process metrics; one per started Kindly, never the global one. */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsServer {
  /** The port actually bound (useful with KINDLY_METRICS_PORT=0). */
  port: number;
  close(): Promise<void>;
}

/** Serves `/metrics`, `/healthz` and `/readyz` at `address`; a port that is taken fails the start. */
export async function startMetricsServer(
  address: { port: number; host: string },
  deps: { registry: Registry; store: Store; logger: Logger },
): Promise<MetricsServer> {
  const { port, host } = address;
  const app = createMetricsApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port, hostname: host }, () => {
      instance.off('error', reject);
      resolve(instance);
    });
    instance.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
