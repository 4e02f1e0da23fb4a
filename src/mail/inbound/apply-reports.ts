/**
 * From reports to effects: correlate each, keep the gravest report per address (a DSN can list one
 * recipient several times, a provider can batch), and apply it through the core's rules.
 */
import type { CoreDeps } from '../../core/deps.js';
import {
  applyInboundEvent,
  type InboundCategory,
  type InboundEvent,
  type InboundOutcome,
} from '../../core/inbound-events.js';
import type { Logger } from '../../core/ports.js';
import { correlate } from './correlate.js';
import type { InboundObserver } from './inbound-observer.js';
import type { InboundReport } from './inbound-report.js';

export interface AppliedReports {
  /** One outcome per address the reports were about. */
  outcomes: InboundOutcome[];
  /** Reports that could not be tied to any mail of ours. */
  uncorrelated: number;
}

const gravity: Record<InboundCategory, number> = {
  complaint: 6,
  unsubscribe: 5,
  hard: 4,
  soft: 3,
  'auto-reply': 2,
  delivered: 1,
  'not-a-bounce': 0,
};

export async function applyReports(
  core: CoreDeps,
  source: string,
  reports: readonly InboundReport[],
  logger: Logger,
  observer?: InboundObserver,
): Promise<AppliedReports> {
  const byAddress = new Map<string, InboundEvent>();
  let uncorrelated = 0;
  for (const report of reports) {
    const target = await correlate(core, report.hints);
    if (!target) {
      uncorrelated += 1;
      observer?.onInbound(source, 'uncorrelated');
      continue;
    }
    const event: InboundEvent = {
      category: report.category,
      source,
      target,
      feedbackType: report.feedbackType ?? null,
      status: report.status ?? null,
      replyCode: report.replyCode ?? null,
      reason: report.reason ?? null,
    };
    const kept = byAddress.get(target.addressKey);
    if (!kept || gravity[event.category] > gravity[kept.category]) byAddress.set(target.addressKey, event);
  }
  const outcomes: InboundOutcome[] = [];
  for (const event of byAddress.values()) {
    const outcome = await applyInboundEvent(core, event);
    outcomes.push(outcome);
    observer?.onInbound(source, outcome);
    logger.info(
      { source, category: event.category, via: event.target.via, messageId: event.target.messageId, outcome },
      'inbound report applied',
    );
  }
  if (uncorrelated > 0) logger.info({ source, uncorrelated }, 'inbound reports about no mail of ours');
  return { outcomes, uncorrelated };
}
