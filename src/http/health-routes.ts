import { Hono } from 'hono';
import type { Store } from '../core/ports.js';

/** Liveness says the process answers; readiness says it can do its work (database up, schema current). */
export function healthRoutes(store: Store): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const checks = await store.readiness().catch(() => ({ database: false, migrations: false }));
      const ready = checks.database && checks.migrations;
      return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
    });
}
