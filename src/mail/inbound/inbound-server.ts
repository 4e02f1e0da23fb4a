/**
 * The inbound SMTP listener: where bounces, feedback-loop complaints and mailto unsubscribes arrive
 * (the MX of the bounce domain points here). It relays nothing and authenticates no one, so it takes
 * mail only for its own `bounce+…@` and `unsubscribe+…@` addresses, refusing anything else at RCPT,
 * and answers only once what the message asked for is on disk. One message's work is bounded: ten
 * recipients at most, one classification, at most `reportsPerMessage` reports applied in small
 * transactions that let the event loop breathe. Whatever arrives, the process stays up: a message that cannot be read is refused for good (550), a failure of ours is a 451 the
 * sender retries.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream } from 'smtp-server';
import { handleInboundMail, type InboundMailDeps, UnreadableMailError } from './handle-inbound-mail.js';
import { parseInboundAddress } from './inbound-address.js';

export interface InboundServerOptions {
  port: number;
  host: string;
  /** Larger messages are refused with 552. Bounces quote at most the original's headers. */
  maxBytes?: number;
  /** The name in the greeting; defaults to the machine's host name. */
  name?: string;
}

export interface InboundServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export const defaultInboundMaxBytes = 1024 * 1024;

/**
 * Recipients one message may have. A bounce or a feedback report goes to one address; past this the
 * listener answers 452 "4.5.3 Too many recipients" at RCPT (RFC 5321 §4.5.3.1.10), the sender keeps
 * the rest for a later transaction, and the message is handled for the first ten only.
 */
export const maxRecipientsPerMessage = 10;

/** An SMTP reply as smtp-server sends it: `<code> <text>`. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startInboundServer(
  deps: InboundMailDeps,
  options: InboundServerOptions,
): Promise<InboundServer> {
  const maxBytes = options.maxBytes ?? defaultInboundMaxBytes;
  const { logger } = deps;
  const server = new SMTPServer({
    ...(options.name ? { name: options.name } : {}),
    // No AUTH: nobody logs in to send through this server. No STARTTLS: it has no certificate of its
    // own (see README); senders fall back to plain SMTP, as they do for any MX without TLS.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: maxBytes,
    rejectOversized: true,
    disableReverseLookup: true,
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onRcptTo(address: SMTPServerAddress, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipientsPerMessage) {
        return callback(smtpError(452, '4.5.3 Too many recipients'));
      }
      if (parseInboundAddress(address.address, deps.bounceDomain)) return callback();
      callback(smtpError(550, '5.1.1 No such recipient here'));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => logger.warn({ err }, 'inbound data stream failed'));
      stream.on('end', () => {
        // rejectOversized answers 552 itself; this only keeps us from parsing what it refused.
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
        const rcptTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        handleInboundMail(deps, { rcptTo, raw: Buffer.concat(chunks) }).then(
          (summary) => {
            logger.info({ rcpt: rcptTo.length, ...summary }, 'inbound message processed');
            callback(null, 'Ok: processed');
          },
          (error: unknown) => {
            if (error instanceof UnreadableMailError) {
              deps.observer?.onInbound('smtp', 'unreadable');
              logger.warn({ err: error }, 'inbound message refused: unreadable');
              return callback(smtpError(550, '5.6.0 Message could not be read'));
            }
            logger.error({ err: error }, 'inbound message failed; the sender will retry');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  // Socket errors and protocol abuse end that connection, never the process.
  server.on('error', (err) => logger.warn({ err }, 'inbound smtp error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
