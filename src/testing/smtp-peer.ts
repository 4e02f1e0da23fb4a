/**
 * A real SMTP server for tests to send to, on a free loopback port: what Kindly hands over arrives
 * here with its envelope, its exact bytes and a full parse. Answers to RCPT TO and to the message can
 * be scripted to play a peer that defers or rejects. Dropped and held connections, and the thousands
 * of messages of the cluster tests, are the job of `scripted-smtp-peer.ts`.
 */
import type { AddressInfo, Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** Exactly as received, for checks that must see every byte (a DKIM verifier). */
  bytes: Buffer;
  /** The same message decoded as UTF-8, for reading. */
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

/** `accept`, or the reply `<code> <message>`; the message carries its own status, as in `5.1.1 No such user`. */
export type PeerAnswer = 'accept' | { code: number; message: string };

/** The error that smtp-server sends as the reply `<code> <message>`. */
export function smtpReply(answer: { code: number; message: string }): Error {
  return Object.assign(new Error(answer.message), { responseCode: answer.code });
}

export interface SmtpPeerOptions {
  /** Implicit TLS (`smtps:`) with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  /** The first `answerRcpt` of the peer; it accepts everything without one. */
  answerRcpt?: (address: string) => PeerAnswer;
  /** The first `answerData` of the peer; it accepts everything without one. */
  answerData?: (mail: ReceivedMail) => PeerAnswer;
}

export interface SmtpPeer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, or `smtps://…` for a secure peer. */
  url: string;
  /** Messages accepted after DATA, in order of arrival. */
  received: ReceivedMail[];
  /** Sessions the peer accepted, to see whether a pool reused its connections. */
  connections: number;
  /**
   * Every `RCPT TO:` command line exactly as it came over the wire (plain connections only, decoded
   * as UTF-8): smtp-server rewrites the addresses it hands to `answerRcpt` (U-labels, IPv6 forms).
   */
  rcptCommands: string[];
  /** Decides what the peer says to each RCPT TO; may be swapped between sends. */
  answerRcpt: (address: string) => PeerAnswer;
  /** Decides what the peer says once a message is in; a refused one is not kept in `received`. */
  answerData: (mail: ReceivedMail) => PeerAnswer;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const peer: SmtpPeer = {
    port: 0,
    url: '',
    received,
    connections: 0,
    rcptCommands: [],
    answerRcpt: options.answerRcpt ?? (() => 'accept'),
    answerData: options.answerData ?? (() => 'accept'),
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
    secure: options.secure ?? false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // The answers carry their own RFC 3463 status (`550 5.1.1 …`); smtp-server must not add one.
    hideENHANCEDSTATUSCODES: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      peer.connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const answer = peer.answerRcpt(address.address);
      callback(answer === 'accept' ? null : smtpReply(answer));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const bytes = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          bytes,
          raw: bytes.toString('utf8'),
          parsed: await simpleParser(bytes),
          receivedAt: new Date(),
        };
        const answer = peer.answerData(mail);
        if (answer !== 'accept') return callback(smtpReply(answer));
        // Kept before the 250 goes out: once a send resolves, its message is in `received`.
        received.push(mail);
        callback();
        for (const waiter of waiters.splice(0)) waiter();
      });
    },
  });
  // A second reader of each plain socket: smtp-server parses the same bytes, this keeps the RCPT lines.
  server.server.on('connection', (socket: Socket) => {
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\r\n');
      pending = lines.pop() ?? '';
      peer.rcptCommands.push(...lines.filter((line) => /^RCPT TO:/i.test(line)));
    });
  });
  server.on('error', () => {
    // A dropped connection is part of some tests; the server keeps listening.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.server.address() as AddressInfo).port;
  peer.url = `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${peer.port}`;
  return peer;
}
