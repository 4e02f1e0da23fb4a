/**
 * One message received by the inbound listener, from its envelope and raw bytes to its effects:
 * `unsubscribe+<token>@` stops mail to the token's address exactly like the one-click POST;
 * `bounce+<tag>@` is classified (DSN, ARF, auto-reply…) and its reports applied, each only when a
 * secret of ours ties it to a message Kindly sent (`correlate.ts`).
 */
import type { CoreDeps } from '../../core/deps.js';
import { isKindlyError } from '../../core/errors.js';
import type { Logger } from '../../core/ports.js';
import { stopFromLink } from '../../core/recipient-actions.js';
import { hashToken } from '../../core/tokens.js';
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
  /** Reports past `reportsPerMessage`, not read. */
  ignored: number;
}

/**
 * Reports one message may apply; a DSN lists one recipient (an MTA's batch a few), a feedback report
 * one. More are counted `ignored` and logged, so one message's work stays bounded.
 */
export const reportsPerMessage = 50;

/** The message could not be read as mail at all; the sender should not retry it. */
export class UnreadableMailError extends Error {
  constructor(cause: unknown) {
    super(`unreadable message: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'UnreadableMailError';
  }
}

/**
 * Handles one received message: each distinct stop token once; the message classified once however
 * many `bounce+` recipients it had, and its reports applied once, with the envelope's VERP tokens as
 * the strongest evidence of which message they are about.
 */
export async function handleInboundMail(
  deps: InboundMailDeps,
  mail: InboundMail,
): Promise<InboundMailSummary> {
  const summary: InboundMailSummary = {
    unsubscribed: 0,
    unknownTokens: 0,
    outcomes: [],
    uncorrelated: 0,
    ignored: 0,
  };
  const stopTokens = new Set<string>();
  const envelopeTokens = new Set<string>();
  let toBounce = false;
  for (const rcpt of mail.rcptTo) {
    const address = parseInboundAddress(rcpt, deps.bounceDomain);
    if (address?.kind === 'unsubscribe') stopTokens.add(address.token);
    if (address?.kind === 'bounce') {
      toBounce = true;
      const token = verpTokenOf(address);
      if (token) envelopeTokens.add(token);
    }
  }
  for (const token of stopTokens) {
    try {
      await stopFromLink(deps.core, token, 'mailto');
      summary.unsubscribed += 1;
      deps.observer?.onInbound('mailto', 'suppressed');
    } catch (error) {
      if (!isKindlyError(error) || error.code !== 'token_invalid') throw error;
      summary.unknownTokens += 1;
      deps.observer?.onInbound('mailto', 'uncorrelated');
    }
  }
  if (toBounce) {
    const arrivedAtVerp = await anyIssued(deps.core, envelopeTokens);
    const classified = await classifyOrRefuse(deps.classify, mail.raw, arrivedAtVerp);
    const applied = await applyReports(
      deps.core,
      'smtp',
      reportsFromClassified(classified, [...envelopeTokens]),
      deps.logger,
      deps.observer,
      { maxReports: reportsPerMessage },
    );
    summary.outcomes.push(...applied.outcomes);
    summary.uncorrelated += applied.uncorrelated;
    summary.ignored += applied.ignored;
  }
  return summary;
}

/** Whether one of the envelope's VERP tokens is one Kindly issued (a shape alone proves nothing). */
async function anyIssued(core: CoreDeps, tokens: ReadonlySet<string>): Promise<boolean> {
  for (const token of tokens) {
    if (await core.store.findToken(hashToken(token), 'bounce')) return true;
  }
  return false;
}

async function classifyOrRefuse(
  classify: Classifier,
  raw: Buffer,
  arrivedAtVerp: boolean,
): Promise<ClassifiedLike> {
  try {
    return await classify(raw, { arrivedAtVerp });
  } catch (error) {
    throw new UnreadableMailError(error);
  }
}
