import { format } from 'node:util';
import { createTransport } from 'nodemailer';
import type { Mailer, OutgoingMail, SendResult } from '../../core/ports.js';
import { type DkimSettings, nodemailerDkim } from '../dkim/dkim-settings.js';
import { toDeliveryError } from './smtp-errors.js';
import { toNodemailer } from './to-nodemailer.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; nodemailer reads the rest from the query. */
  url: string;
  /** Keep connections open and reuse them (default true). */
  pool?: boolean;
  /** Parallel connections in the pool (nodemailer's default: 5). */
  maxConnections?: number;
  logger?: { warn(o: object, msg: string): void };
  /** Signs every message when set. */
  dkim?: DkimSettings | undefined;
  /**
   * The longest the peer may stay silent (DNS, connect, greeting, any reply) before the send fails
   * as `ETIMEDOUT`. nodemailer waits up to 10 minutes for a reply by default, longer than a worker's
   * lease: another worker would then take the message while this one still waits on it. The worker
   * passes a quarter of its lease.
   */
  stallTimeoutMs?: number;
}

type Warn = NonNullable<SmtpMailerOptions['logger']>['warn'];

/**
 * Nodemailer logs bunyan-style with printf arguments, and a logger missing a level gets that
 * level's lines on whatever level it has, so every level is spelled out here: only warnings and
 * worse reach ours, and debug chatter goes nowhere.
 */
function nodemailerLogger(warn: Warn) {
  const quiet = () => undefined;
  const loud = (data: object, message: string, ...args: unknown[]) => warn(data, format(message, ...args));
  return { trace: quiet, debug: quiet, info: quiet, warn: loud, error: loud, fatal: loud };
}

/**
 * Sends through an SMTP relay with nodemailer, pooled by default.
 *
 * TCP_NODELAY: the design asks for it because Nagle on the pool's sockets cost ~7x in throughput.
 * Nodemailer turns it off itself since 10.1.0 (`setNoDelay(true)` in SMTPConnection#_onConnect,
 * for every socket, its own or one from `getSocket`), so no `getSocket` is needed here, and
 * writing one would mean re-doing its DNS, happy-eyeballs, timeout and TLS handling by hand.
 * `smtp-mailer.test.ts` checks the option really is set on the sockets that carry our mail.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = createTransport({
    url: options.url,
    pool: options.pool ?? true,
    // The pool would silently resend a message whose connection closed mid-send: not spaced by
    // the outbox's backoff, not counted as an attempt, not re-checked for consent, and a second
    // copy if the peer had already taken it. The outbox retries instead.
    maxRequeues: 0,
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    ...(options.logger ? { logger: nodemailerLogger(options.logger.warn.bind(options.logger)) } : {}),
    ...(options.dkim ? { dkim: nodemailerDkim(options.dkim) } : {}),
    ...(options.stallTimeoutMs === undefined ? {} : stallTimeouts(options.stallTimeoutMs)),
  });
  // An 'error' event with no listener would crash the process; a failed send is reported to
  // its caller anyway, so this only keeps stray transport errors (OAuth refresh…) in the log.
  transport.on('error', (err: Error) => options.logger?.warn({ err }, 'smtp transport error'));

  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        return { response: String(info.response ?? '') };
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

function stallTimeouts(ms: number) {
  return { dnsTimeout: ms, connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms };
}
