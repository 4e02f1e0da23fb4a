import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface SmtpPeer {
  port: number;
  received: ReceivedMail[];
  /** Sessions the peer accepted, to see whether the pool reused its connections. */
  connections: number;
  close(): Promise<void>;
}

/** An SMTP error as smtp-server sends it: `<responseCode> <message>`. */
export function reply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A real SMTP server on a free loopback port, for tests. `rcpt` and `data` may refuse a recipient
 * or a message with `reply(...)`; everything accepted lands in `received`.
 */
export async function startSmtpPeer(
  options: {
    secure?: boolean;
    rcpt?: (address: SMTPServerAddress) => Error | undefined;
    data?: (mail: ReceivedMail) => Error | undefined;
  } = {},
): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const peer = { port: 0, received, connections: 0, close: async () => {} };
  const server = new SMTPServer({
    secure: options.secure ?? false,
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideENHANCEDSTATUSCODES: true,
    onConnect(_session, callback) {
      peer.connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      callback(options.rcpt?.(address) ?? null);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        const mail: ReceivedMail = {
          mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
          rcptTo: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        const refusal = options.data?.(mail);
        if (!refusal) received.push(mail);
        callback(refusal ?? null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.server.address() as AddressInfo).port;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}
