/**
 * What the inbound paths (the SMTP listener, mailto unsubscribes, provider webhooks) report to
 * whoever watches them (the process's metrics). Owned here, so they depend on no metrics library;
 * it runs inline, so it must be cheap and must not throw.
 */
import type { InboundOutcome } from '../../core/inbound-events.js';

/**
 * The core's outcome for an applied event; `uncorrelated` for a report (or stop token) about no mail
 * of ours; `unreadable` for a message refused because it could not be parsed at all.
 */
export type InboundObservation = InboundOutcome | 'uncorrelated' | 'unreadable';

export interface InboundObserver {
  /** `source`: `smtp` (bounces and complaints by mail), `mailto` (unsubscribes), or the provider's name. */
  onInbound(source: string, outcome: InboundObservation): void;
}
