/**
 * Why a hand-off to the mail network failed. Transports translate their own failures into this, so the
 * outbox decides retry versus give-up without knowing SMTP.
 */
export type DeliveryErrorCode =
  /** Could not connect, or the connection dropped: try again later. */
  | 'ECONNECTION'
  /** The peer took too long. */
  | 'ETIMEDOUT'
  /** The peer refused our credentials: an operator must act; retrying soon will not help. */
  | 'EAUTH'
  /** The peer answered 4xx: try again later. */
  | 'ETEMPFAIL'
  /** The peer answered 5xx for this message or recipient: never retry. */
  | 'EREJECTED'
  /** 5xx saying the mailbox does not exist (5.1.1 and kin): never retry, and suppress the address. */
  | 'ENOMAILBOX'
  /** Anything else. */
  | 'EUNKNOWN';

export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode;
  readonly responseCode: number | undefined;
  /** RFC 3463 enhanced status, e.g. `5.1.1`, when the peer gave one. */
  readonly enhancedStatus: string | undefined;

  constructor(
    code: DeliveryErrorCode,
    message: string,
    options?: { responseCode?: number; enhancedStatus?: string; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'DeliveryError';
    this.code = code;
    this.responseCode = options?.responseCode;
    this.enhancedStatus = options?.enhancedStatus;
  }

  /** True when sending the same message again can never succeed. */
  get permanent(): boolean {
    return this.code === 'EREJECTED' || this.code === 'ENOMAILBOX';
  }
}
