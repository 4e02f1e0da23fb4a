/**
 * One failed (or merely reported) recipient, as every inbound source describes it before Kindly knows
 * which of its messages it is about: the DSN/ARF classifier, SES, Postmark and SendGrid all produce
 * these, so correlation and the rules see one shape.
 */
import type { InboundCategory } from '../../core/inbound-events.js';

/**
 * What a report still carries of the message it is about; any of these may be missing or redacted.
 * The first three are secrets only the message's receivers saw; the recipient is only a claim.
 */
export interface CorrelationHints {
  /**
   * Tokens of `bounce+<token>@` addresses, strongest first: the envelope recipients of a bounce, then
   * one found in the report (the original's Return-Path, ARF Original-Mail-From, a provider's source).
   */
  verpTokens?: readonly (string | null | undefined)[];
  /** The original's Message-ID, with or without angle brackets. */
  messageId?: string | null;
  /** The original's `X-Kindly-Message` header: our outbox id. */
  kindlyMessageId?: string | null;
  /**
   * Whom the report says it is about (Final-Recipient, Original-Rcpt-To, the provider's recipient).
   * Never enough on its own: when present, it must be the recipient of the message the secrets name.
   */
  recipient?: string | null;
}

export interface InboundReport {
  category: InboundCategory;
  feedbackType?: string | null;
  status?: string | null;
  replyCode?: string | null;
  reason?: string | null;
  hints: CorrelationHints;
}

/**
 * The part of the classifier's answer (`classify/classify-message.ts`) this side reads, written out
 * so that the inbound path depends on the shape and not on the module.
 */
export interface ClassifiedLike {
  isBounce: boolean;
  reports: Array<{
    recipient: string | null;
    status: string | null;
    replyCode: string | null;
    reason: string;
    category: Exclude<InboundCategory, 'unsubscribe'>;
    feedbackType: string | null;
  }>;
  original: {
    messageId: string | null;
    kindlyMessageId: string | null;
    verpToken: string | null;
    to: string | null;
  };
}

/**
 * `classify/classify-message.ts`'s `classifyMessage`, or a stand-in. `arrivedAtVerp`: the envelope
 * named a VERP token Kindly issued, so a failure notice of an unknown layout is still read as a report.
 */
export type Classifier = (raw: Buffer, options?: { arrivedAtVerp?: boolean }) => Promise<ClassifiedLike>;

/**
 * A classified message as reports: one per failed recipient. A message that is no bounce at all (a
 * human reply to the return path, say) still gives one `not-a-bounce` report, so that when it can be
 * tied to our mail the audit log shows it arrived. `envelopeTokens`: the VERP tokens of the
 * message's envelope recipients, which come before any token found inside the report.
 */
export function reportsFromClassified(
  classified: ClassifiedLike,
  envelopeTokens: readonly string[],
): InboundReport[] {
  const base = {
    verpTokens: [...envelopeTokens, classified.original.verpToken],
    messageId: classified.original.messageId,
    kindlyMessageId: classified.original.kindlyMessageId,
  };
  if (classified.reports.length === 0) {
    return [{ category: 'not-a-bounce', hints: { ...base, recipient: classified.original.to } }];
  }
  return classified.reports.map((report) => ({
    category: report.category,
    feedbackType: report.feedbackType,
    status: report.status,
    replyCode: report.replyCode,
    reason: report.reason,
    hints: { ...base, recipient: report.recipient ?? classified.original.to },
  }));
}
