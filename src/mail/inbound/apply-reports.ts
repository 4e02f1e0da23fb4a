/**
 * From reports to effects: correlate each (see `correlate.ts`: only a secret of ours ties a report to
 * an address), keep the gravest report per address (a DSN can list one recipient several times, a
 * provider can batch), and apply them through the core's rules.
 *
 * The work is bounded and shares the event loop: at most `maxReports` reports of one message are
 * read (the rest are counted `ignored`), and the events are applied a batch per transaction with a
 * turn of the event loop between batches, so a large provider batch or a hostile message never holds
 * the process for long.
 */
import type { CoreDeps } from '../../core/deps.js';
import {
  applyInboundEvents,
  type InboundCategory,
  type InboundEvent,
  type InboundOutcome,
} from '../../core/inbound-events.js';
import type { Logger } from '../../core/ports.js';
import { createCorrelator, type UncorrelatedWhy } from './correlate.js';
import type { InboundObserver } from './inbound-observer.js';
import type { InboundReport } from './inbound-report.js';

export interface AppliedReports {
  /** One outcome per address the reports were about. */
  outcomes: InboundOutcome[];
  /** Reports that could not be tied to any mail of ours. */
  uncorrelated: number;
  /** Reports past `maxReports`, not read at all. */
  ignored: number;
}

export interface ApplyOptions {
  /** Reports read from one source message; the rest are counted `ignored`. Default: all. */
  maxReports?: number;
}

/** Events applied in one transaction before the event loop gets a turn. */
export const eventsPerTransaction = 5;

const gravity: Record<InboundCategory, number> = {
  complaint: 6,
  unsubscribe: 5,
  hard: 4,
  soft: 3,
  'auto-reply': 2,
  delivered: 1,
  'not-a-bounce': 0,
};

/** Lets timers, sockets and other requests run: SQLite answers synchronously, so awaits alone never do. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function applyReports(
  core: CoreDeps,
  source: string,
  reports: readonly InboundReport[],
  logger: Logger,
  observer?: InboundObserver,
  options: ApplyOptions = {},
): Promise<AppliedReports> {
  const read = reports.slice(0, options.maxReports ?? reports.length);
  const ignored = reports.length - read.length;
  if (ignored > 0) {
    for (let i = 0; i < ignored; i++) observer?.onInbound(source, 'ignored');
    logger.warn(
      { source, reports: reports.length, read: read.length, ignored },
      'inbound reports over the limit',
    );
  }

  const correlator = createCorrelator(core);
  const byAddress = new Map<string, InboundEvent>();
  const uncorrelated: Partial<Record<UncorrelatedWhy, number>> = {};
  let count = 0;
  for (const report of read) {
    count += 1;
    if (count % eventsPerTransaction === 0) await turn();
    const found = await correlator.correlate(report.hints);
    if (!found.tied) {
      uncorrelated[found.why] = (uncorrelated[found.why] ?? 0) + 1;
      observer?.onInbound(source, 'uncorrelated');
      continue;
    }
    const event: InboundEvent = {
      category: report.category,
      source,
      target: found.target,
      feedbackType: report.feedbackType ?? null,
      status: report.status ?? null,
      replyCode: report.replyCode ?? null,
      reason: report.reason ?? null,
    };
    const kept = byAddress.get(found.target.addressKey);
    if (!kept || gravity[event.category] > gravity[kept.category]) {
      byAddress.set(found.target.addressKey, event);
    }
  }

  const events = [...byAddress.values()];
  const outcomes: InboundOutcome[] = [];
  for (let start = 0; start < events.length; start += eventsPerTransaction) {
    if (start > 0) await turn();
    const batch = events.slice(start, start + eventsPerTransaction);
    const applied = await applyInboundEvents(core, batch);
    batch.forEach((event, i) => {
      const outcome = applied[i] ?? 'ignored';
      outcomes.push(outcome);
      observer?.onInbound(source, outcome);
      logger.info(
        {
          source,
          category: event.category,
          via: event.target.via,
          messageId: event.target.messageId,
          outcome,
        },
        'inbound report applied',
      );
    });
  }
  const notTied = Object.values(uncorrelated).reduce((sum, n) => sum + n, 0);
  if (notTied > 0)
    logger.info({ source, uncorrelated }, 'inbound reports tied to no mail of ours: nothing changed');
  return { outcomes, uncorrelated: notTied, ignored };
}
