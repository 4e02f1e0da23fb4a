/**
 * What the three provider routes share: reading the raw body (signatures cover its exact bytes),
 * turning an adapter's verdict into 401 or 403, and applying the reports.
 */
import type { Context } from 'hono';
import type { CoreDeps } from '../../core/deps.js';
import type { Logger } from '../../core/ports.js';
import { applyReports } from '../../mail/inbound/apply-reports.js';
import type { InboundObserver } from '../../mail/inbound/inbound-observer.js';
import type { InboundReport } from '../../mail/inbound/inbound-report.js';
import { PayloadError, type Verdict } from '../../mail/inbound/providers/webhook-verdict.js';
import { problem } from '../problem.js';

export interface WebhookDeps {
  core: CoreDeps;
  logger: Logger;
  /** Told each event's outcome, for metrics. */
  observer?: InboundObserver;
}

/** The refusal for a request that did not verify: nothing in it has been read or applied. */
export function refuse(
  c: Context,
  verdict: Exclude<Verdict, { ok: true }>,
  provider: string,
  logger: Logger,
  challenge?: string,
): Response {
  logger.warn({ provider, problem: verdict.problem, ip: c.req.header('x-forwarded-for') }, 'webhook refused');
  if (verdict.problem === 'forged') return problem(c, 'forbidden', verdict.detail);
  const response = problem(c, 'unauthorized', verdict.detail);
  // problem() announces the API's Bearer scheme; a webhook's is the provider's, if any.
  if (challenge) response.headers.set('www-authenticate', challenge);
  else response.headers.delete('www-authenticate');
  return response;
}

/** Parses a verified body; `undefined` with the response to send when it is not JSON. */
export function parseJson(c: Context, raw: string): { body: unknown } | { response: Response } {
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return { response: problem(c, 'malformed_json') };
  }
}

/** Applies the reports a provider adapter produced and says what came of them. */
export async function applyProviderReports(
  c: Context,
  deps: WebhookDeps,
  provider: string,
  parse: () => InboundReport[],
): Promise<Response> {
  let reports: InboundReport[];
  try {
    reports = parse();
  } catch (error) {
    if (error instanceof PayloadError) return problem(c, 'invalid_input', error.message);
    throw error;
  }
  const applied = await applyReports(deps.core, provider, reports, deps.logger, deps.observer);
  return c.json({
    received: reports.length,
    applied: applied.outcomes.length,
    uncorrelated: applied.uncorrelated,
  });
}
