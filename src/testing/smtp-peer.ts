/**
 * A real SMTP server for tests to send to: what Kindly hands over arrives here, parsed. Answers can
 * be scripted per recipient to play a peer that defers or rejects.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

/** Dropped and held connections are played by `scripted-smtp-peer.ts`. */
export type PeerAnswer = { code: number; message: string } | 'accept';

export interface SmtpPeer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Decides what the peer says to each RCPT TO; default accepts everything. */
  answerRcpt: (address: string) => PeerAnswer;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const peer: SmtpPeer = {
    port: 0,
    url: '',
    received,
    answerRcpt: () => 'accept',
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
            return true;
          }
          return false;
        };
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} messages at the SMTP peer, got ${received.length}`)),
          timeoutMs,
        );
        const waiter = () => {
          if (!check()) waiters.push(waiter);
        };
        waiter();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const answer = peer.answerRcpt(address.address);
      if (answer === 'accept') return callback();
      const error = new Error(answer.message) as Error & { responseCode: number };
      error.responseCode = answer.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          parsed: await simpleParser(raw),
          receivedAt: new Date(),
        });
        callback();
        for (const waiter of waiters.splice(0)) waiter();
      });
    },
  });
  server.on('error', () => {
    // A dropped connection is part of some tests; the server keeps listening.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.server.address() as AddressInfo).port;
  peer.url = `smtp://127.0.0.1:${peer.port}`;
  return peer;
}
