/**
 * The entry point: a received message in, per failed recipient what happened and what Kindly should
 * do about it. Feedback reports first, then the MTA families that write their own formats, then
 * RFC 3464 DSNs, then automatic replies and challenges, then the fallback readings (a quoted SMTP
 * dialogue, a bounce's text, and the generic reading of any other non-delivery report); anything
 * else is not a bounce.
 */
import type { ClassifiedMessage, RecipientReport } from './bounce-report.js';
import { finalizeReport } from './decide/finalize-report.js';
import { completeFindings, readGenericReport } from './fallback/generic-report.js';
import { isDeliveryReport } from './fallback/report-signals.js';
import { findByTranscript } from './fallback/smtp-transcript.js';
import { findByText, looksLikeBounce } from './fallback/text-bounce.js';
import type { Finding } from './finding.js';
import { findByMtaFamily } from './mta/families.js';
import { parseAutoReply } from './parse/auto-reply.js';
import { findByDsn } from './parse/dsn-bounce.js';
import { type MailView, readMail } from './parse/mail-view.js';
import { describeOriginal } from './parse/original-message.js';
import { parseArf } from './parse/parse-arf.js';

/** What the caller knows about the message beyond its bytes. */
export interface ClassifyOptions {
  /**
   * The envelope recipient was a VERP return path of ours (`bounce+<token>@`, a token Kindly made):
   * whatever the message's layout, it came back about a message we sent. Then a mail system's
   * message that says something failed is read as a non-delivery report even when its Subject is
   * unusual (default false: the message's own headers are all there is to go by).
   */
  arrivedAtVerp?: boolean;
}

/**
 * The classifier failed on a message (a fault of ours, not of the message): callers must not take
 * it for "not a bounce". Messages that cannot be parsed as MIME do not raise it; they are read as
 * plain text.
 */
export class ClassifierError extends Error {
  constructor(cause: unknown) {
    super(`the bounce classifier failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'ClassifierError';
  }
}

function notABounce(): ClassifiedMessage {
  return {
    isBounce: false,
    reports: [],
    original: { messageId: null, kindlyMessageId: null, verpToken: null, to: null, headers: {} },
    feedback: null,
  };
}

/** More failed recipients than this in one message are not reported (no real bounce lists that many). */
const maxReports = 200;

function reportsOf(findings: readonly Finding[]): RecipientReport[] {
  return findings.slice(0, maxReports).map(finalizeReport);
}

/** The readings of last resort, for messages no known layout took. */
function findByFallback(view: MailView, arrivedAtVerp: boolean): Finding[] | null {
  const report = isDeliveryReport(view, arrivedAtVerp);
  if (report || looksLikeBounce(view)) {
    const found = findByTranscript(view) ?? findByText(view);
    if (found !== null) return found;
  }
  return report ? readGenericReport(view) : null;
}

/** Classifies a view of a message already read. */
function classifyView(view: MailView, options: ClassifyOptions): ClassifiedMessage {
  const arf = parseArf(view);
  if (arf !== null && arf.findings.length > 0) {
    const extra = [String(arf.fields.original_mail_from ?? ''), String(arf.fields.original_rcpt_to ?? '')];
    return {
      isBounce: true,
      reports: reportsOf(arf.findings),
      original: describeOriginal(view, extra),
      feedback: arf.fields,
    };
  }
  const known = findByMtaFamily(view) ?? findByDsn(view) ?? parseAutoReply(view);
  const findings =
    known !== null ? completeFindings(view, known) : findByFallback(view, options.arrivedAtVerp === true);
  if (findings === null || findings.length === 0) {
    return notABounce();
  }
  return { isBounce: true, reports: reportsOf(findings), original: describeOriginal(view), feedback: null };
}

/**
 * Classifies a raw message (RFC 5322 bytes). Input is bounded (4 MiB, 500 MIME parts, 200 reports),
 * so its time is too.
 *
 * @param raw the message as received
 * @param options what the listener knows about it (see {@link ClassifyOptions})
 * @returns every failed recipient's report, or `isBounce: false` for a message that is no report
 * @throws ClassifierError when classifying fails (a fault of ours): never answered as "not a bounce"
 */
export async function classifyMessage(
  raw: Buffer | string,
  options: ClassifyOptions = {},
): Promise<ClassifiedMessage> {
  try {
    return classifyView(await readMail(raw), options);
  } catch (error) {
    throw new ClassifierError(error);
  }
}
