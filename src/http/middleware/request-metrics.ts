import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, type Registry } from 'prom-client';

/** Counts requests by route pattern (never the raw path: it holds tokens) and status. */
export function requestMetrics(registry: Registry): MiddlewareHandler {
  const requests = new Counter({
    name: 'kindly_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  return async (c, next) => {
    await next();
    requests.inc({
      method: c.req.method,
      route: c.res.status === 404 ? 'unmatched' : routePath(c, -1),
      status: String(c.res.status),
    });
  };
}
