/** The result of classifying one received message: what the other parts of Kindly act on. */

export type BounceCategory = 'hard' | 'soft' | 'complaint' | 'auto-reply' | 'delivered' | 'not-a-bounce';

export interface RecipientReport {
  /** The failed recipient (Final-Recipient / Original-Recipient / parsed from text), lower-cased. */
  recipient: string | null;
  /** RFC 3463 status, e.g. '5.1.1' (or sisimai's pseudo status '5.0.9NN' when the bounce gave none). */
  status: string | null;
  /** SMTP reply code, e.g. '550'. */
  replyCode: string | null;
  /** sisimai's reason name: userunknown, mailboxfull, blocked, feedback, vacation… */
  reason: string;
  /** Permanent: the address does not exist or will never accept mail. */
  hardBounce: boolean;
  category: BounceCategory;
  /** ARF Feedback-Type (abuse, opt-out, auth-failure, …). */
  feedbackType: string | null;
  /** Diagnostic-Code or the MTA's text, trimmed. */
  diagnostic: string | null;
}

export interface OriginalMessageInfo {
  messageId: string | null;
  /** Our X-Kindly-Message header, when the report carries the original's headers. */
  kindlyMessageId: string | null;
  /** From a `bounce+TOKEN@` address in the original's or the report's headers. */
  verpToken: string | null;
  /** The original's To. */
  to: string | null;
  /** The original's headers: lower-cased name → first value. */
  headers: Record<string, string>;
}

export interface ClassifiedMessage {
  /** False for ordinary mail (then `reports` is []). */
  isBounce: boolean;
  /** One per failed recipient, in the order the message lists them. */
  reports: RecipientReport[];
  /** What survives of the original message, for correlation. */
  original: OriginalMessageInfo;
  /** ARF fields, when it is a feedback report (names as in the mail-auth crate's reports). */
  feedback: Record<string, unknown> | null;
}
