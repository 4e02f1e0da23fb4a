/**
 * The entry point: a received message in, per failed recipient what happened and what Kindly should
 * do about it. Feedback reports first, then the MTA families that write their own formats, then
 * RFC 3464 DSNs, then automatic replies; anything else is not a bounce.
 */

import type { ClassifiedMessage, RecipientReport } from './bounce-report.js';
import { finalizeReport } from './decide/finalize-report.js';
import { findByText } from './fallback/text-bounce.js';
import type { Finding } from './finding.js';
import { findByMtaFamily } from './mta/families.js';
import { parseAutoReply } from './parse/auto-reply.js';
import { findByDsn } from './parse/dsn-bounce.js';
import { type MailView, readMail } from './parse/mail-view.js';
import { describeOriginal } from './parse/original-message.js';
import { parseArf } from './parse/parse-arf.js';

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

/** Classifies a view of a message already read. */
function classifyView(view: MailView): ClassifiedMessage {
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
  const findings = findByMtaFamily(view) ?? findByDsn(view) ?? parseAutoReply(view) ?? findByText(view);
  if (findings === null || findings.length === 0) {
    return notABounce();
  }
  return { isBounce: true, reports: reportsOf(findings), original: describeOriginal(view), feedback: null };
}

/**
 * Classifies a raw message (RFC 5322 bytes). Never throws and never takes long: a message that
 * cannot be read is answered as not a bounce.
 */
export async function classifyMessage(raw: Buffer | string): Promise<ClassifiedMessage> {
  try {
    const view = await readMail(raw);
    return classifyView(view);
  } catch {
    return notABounce();
  }
}
