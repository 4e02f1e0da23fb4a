/**
 * The inbound paths' metrics, in prom-client: what became of each bounce, complaint and unsubscribe,
 * by where it came from. The listener and the webhooks only know `InboundObserver`.
 */
import { Counter, type Registry } from 'prom-client';
import type { InboundObserver } from '../mail/inbound/inbound-observer.js';

export function createInboundMetrics(registry: Registry): InboundObserver {
  const events = new Counter({
    name: 'kindly_inbound_total',
    help: 'Inbound bounces, complaints and unsubscribes, by source and outcome.',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  return {
    onInbound(source, outcome) {
      events.inc({ source, outcome });
    },
  };
}
