/**
 * All a process without the API (`kindly worker`, `kindly inbound`) serves over HTTP: its metrics
 * for the operator's scraper, and health for probes. Nothing else answers.
 */
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { Logger, Store } from '../core/ports.js';
import { handleError } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { problem } from './problem.js';

export interface MetricsAppDeps {
  registry: Registry;
  store: Store;
  logger: Logger;
}

export function createMetricsApp(deps: MetricsAppDeps): Hono {
  const app = new Hono();
  app.route('/', healthRoutes(deps.store));
  app.route('/', metricsRoutes(deps.registry));
  app.notFound((c) => problem(c, 'not_found', `Nothing is served at ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => handleError(error, c, deps.logger));
  return app;
}
