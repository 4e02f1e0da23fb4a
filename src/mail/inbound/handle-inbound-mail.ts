/**
 * One message received by the inbound listener, from its envelope and raw bytes to its effects:
 * `unsubscribe+<token>@` stops mail to the token's address exactly like the one-click POST;
 * `bounce+<tag>@` is classified (DSN, ARF, auto-reply…) and its reports applied.
 */
import type { CoreDeps } from '../../core/deps.js';
import { isKindlyError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { stopFromLink } from '../../core/recipient-actions.js';
import { applyReports } from './apply-reports.js';
import { parseInboundAddress, verpTokenOf } from './inbound-address.js';
import type { InboundObserver } from './inbound-observer.js';
import { type ClassifiedLike, type Classifier, reportsFromClassified } from './inbound-report.js';

export interface InboundMailDeps {
  core: CoreDeps;
  bounceDomain: string;
  classify: Classifier;
  logger: Logger;
  /** Told each event's outcome, for metrics. */
  observer?: InboundObserver;
}

export interface InboundMail {
  rcptTo: string[];
  raw: Buffer;
}

export interface InboundMailSummary {
  unsubscribed: number;
  /** Stop tokens that named nothing (mistyped, or from another installation). */
  unknownTokens: number;
  outcomes: string[];
  uncorrelated: number;
}

/** The message could not be read as mail at all; the sender should not retry it. */
export class UnreadableMailError extends Error {
  constructor(cause: unknown) {
    super(`unreadable message: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'UnreadableMailError';
  }
}

export async function handleInboundMail(
  deps: InboundMailDeps,
  mail: InboundMail,
): Promise<InboundMailSummary> {
  const summary: InboundMailSummary = { unsubscribed: 0, unknownTokens: 0, outcomes: [], uncorrelated: 0 };
  let classified: ClassifiedLike | undefined;
  for (const rcpt of mail.rcptTo) {
    const address = parseInboundAddress(rcpt, deps.bounceDomain);
    if (address?.kind === 'unsubscribe') {
      try {
        await stopFromLink(deps.core, address.token, 'mailto');
        summary.unsubscribed += 1;
        deps.observer?.onInbound('mailto', 'suppressed');
      } catch (error) {
        if (!isKindlyError(error) || error.code !== 'token_invalid') throw error;
        summary.unknownTokens += 1;
        deps.observer?.onInbound('mailto', 'uncorrelated');
      }
    } else if (address?.kind === 'bounce') {
      classified ??= await classifyOrRefuse(deps.classify, mail.raw);
      const applied = await applyReports(
        deps.core,
        'smtp',
        reportsFromClassified(classified, verpTokenOf(address)),
        deps.logger,
        deps.observer,
      );
      summary.outcomes.push(...applied.outcomes);
      summary.uncorrelated += applied.uncorrelated;
    }
  }
  return summary;
}

async function classifyOrRefuse(classify: Classifier, raw: Buffer): Promise<ClassifiedLike> {
  try {
    return await classify(raw);
  } catch (error) {
    throw new UnreadableMailError(error);
  }
}
