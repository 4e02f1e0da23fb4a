import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/** `GET /metrics`: the process's registry in Prometheus' text format. */
export function metricsRoutes(registry: Registry): Hono {
  return new Hono().get('/metrics', async (c) =>
    c.text(await registry.metrics(), 200, { 'content-type': registry.contentType }),
  );
}
