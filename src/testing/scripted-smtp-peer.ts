/**
 * The SMTP peer of the cluster tests: a real smtp-server that answers each RCPT TO as a script says
 * (accept, 4xx/5xx, drop the connection, or hold it open), and logs every attempt and every
 * delivery with its Message-ID and time.
 *
 * Kept apart from `smtp-peer.ts` because it takes thousands of messages while sharing two cores with
 * the cluster: it reads the two headers it needs with a regular expression where that peer parses
 * every message in full, and it keeps no message, only the log the checks count. Dropping and holding
 * reach for the socket behind a session, which only these tests need.
 */
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type PeerAnswer, smtpReply } from './smtp-peer.js';

/** What `smtp-peer.ts` can answer, and besides: drop the connection, or hold it without a word. */
export type ScriptedAnswer = PeerAnswer | 'drop' | 'hold';

export interface RcptAttempt {
  address: string;
  /** 1 for the first RCPT TO naming this address, 2 for the next… */
  attempt: number;
  at: number;
  answer: 'accept' | 'drop' | 'hold' | number;
}

export interface Delivery {
  /** Without angle brackets: `msg_…@domain`. */
  messageId: string;
  to: string;
  /** EHLO name of the sender: tells the cluster's workers apart. */
  sender: string;
  at: number;
  /** The https/http URL of List-Unsubscribe, for one-click tests. */
  unsubscribeUrl: string | undefined;
}

export interface ScriptedSmtpPeer {
  url: string;
  port: number;
  attempts: RcptAttempt[];
  deliveries: Delivery[];
  /** Decides what each RCPT TO gets; default accepts. */
  script: (address: string, attempt: number) => ScriptedAnswer;
  /** RCPT attempts per address so far. */
  attemptsOf(address: string): RcptAttempt[];
  /** Polls `done` every 50 ms until true; rejects after `timeoutMs` with `what()` in the message. */
  waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void>;
  close(): Promise<void>;
}

const header = (head: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\r?\n[ \t]+/g, ' ');

export async function startScriptedSmtpPeer(): Promise<ScriptedSmtpPeer> {
  const attempts: RcptAttempt[] = [];
  const byAddress = new Map<string, RcptAttempt[]>();
  const deliveries: Delivery[] = [];
  const held = new Set<Socket>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // Our answers carry their own RFC 3463 status (`550 5.1.1 …`); smtp-server must not add one.
    hideENHANCEDSTATUSCODES: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(rcpt, session, callback) {
      const address = rcpt.address.toLowerCase();
      const list = byAddress.get(address) ?? [];
      byAddress.set(address, list);
      const answer = peer.script(address, list.length + 1);
      const attempt: RcptAttempt = {
        address,
        attempt: list.length + 1,
        at: Date.now(),
        answer: typeof answer === 'string' ? answer : answer.code,
      };
      list.push(attempt);
      attempts.push(attempt);
      // The session has no socket of its own; the server's connection that owns it does.
      const connections = (server as unknown as { connections: Set<{ session: unknown; _socket: Socket }> })
        .connections;
      const socket = [...connections].find((c) => c.session === session)?._socket;
      if (answer === 'accept') return callback();
      if (answer === 'drop') return socket?.destroy();
      // Hold: never answer; the connection stays open until the sender dies or the peer closes.
      if (answer === 'hold') return socket && held.add(socket);
      callback(smtpReply(answer));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
        const messageId = header(head, 'Message-ID')?.trim().replace(/^<|>$/g, '') ?? '';
        const unsubscribe = /<(https?:[^>]+)>/.exec(header(head, 'List-Unsubscribe') ?? '')?.[1];
        for (const to of session.envelope.rcptTo) {
          deliveries.push({
            messageId,
            to: to.address.toLowerCase(),
            sender: session.hostNameAppearsAs,
            at: Date.now(),
            unsubscribeUrl: unsubscribe,
          });
        }
        callback();
      });
    },
  });
  server.on('error', () => {
    // Dropped and killed connections are part of these tests; the server keeps listening.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const peer: ScriptedSmtpPeer = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    attempts,
    deliveries,
    script: () => 'accept',
    attemptsOf: (address) => byAddress.get(address.toLowerCase()) ?? [],
    async waitUntil(done, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of held) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return peer;
}
