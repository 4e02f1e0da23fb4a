/**
 * A real `kindly serve` with its inbound listener, sending to a real SMTP peer, on SQLite or Postgres,
 * and what tests do with it: invite and read what the peer received, deliver mail to the listener as
 * a remote MTA would, and read the outbox the API does not show. (Test-only.)
 */
import { createTransport } from 'nodemailer';
import type { Store } from '../core/ports.js';
import { openStore } from '../store/open-store.js';
import { freePort, type KindlyProcess, startKindlyProcess } from './kindly-process.js';
import type { TestBackend } from './postgres-database.js';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from './smtp-peer.js';

export interface InboundWorld {
  kindly: KindlyProcess;
  peer: SmtpPeer;
  /** A second look at Kindly's database, for the outbox. */
  store: Store;
  inboundPort: number;
  /** Delivers raw mail to the inbound listener over SMTP; resolves with nodemailer's answer. */
  deliver(envelope: { from: string; to: string[] }, raw: string): Promise<DeliverAnswer>;
  /** A new member, by a unique address, to invite with. */
  member(name: string): Promise<string>;
  /** Invites `email` (two reminders) and waits until the peer has the invitation. */
  inviteAndReceive(inviterId: string, email: string): Promise<{ id: string; mail: ReceivedMail }>;
  /** The suppression check of the operator's API: null when not suppressed. */
  suppressedAs(email: string): Promise<string | null>;
  stop(): Promise<void>;
}

export interface DeliverAnswer {
  response: string;
  accepted: string[];
  rejected: string[];
  rejectedErrors: { recipient: string; responseCode?: number; response?: string }[];
}

export async function startInboundWorld(database: TestBackend): Promise<InboundWorld> {
  const peer = await startSmtpPeer();
  const inboundPort = await freePort();
  const kindly = await startKindlyProcess({
    KINDLY_SMTP_URL: peer.url,
    KINDLY_FROM: 'invitations@kindly.test',
    KINDLY_INBOUND_PORT: String(inboundPort),
    KINDLY_INBOUND_HOST: '127.0.0.1',
    ...(database.url ? { KINDLY_DATABASE_URL: database.url } : {}),
  });
  const { store } = await openStore(database.url ?? `sqlite:${kindly.dataDir}/kindly.db`, { migrate: false });
  let members = 0;
  return {
    kindly,
    peer,
    store,
    inboundPort,
    async deliver(envelope, raw) {
      const transport = createTransport({
        host: '127.0.0.1',
        port: inboundPort,
        secure: false,
        ignoreTLS: true,
      });
      try {
        return (await transport.sendMail({ envelope, raw })) as unknown as DeliverAnswer;
      } finally {
        transport.close();
      }
    },
    async member(name) {
      members += 1;
      const created = await kindly.api('POST', '/v1/members', {
        email: `member.${members}@example.org`,
        name,
      });
      if (created.status !== 201) throw new Error(`member not created: ${created.status}`);
      return created.body.id as string;
    },
    async inviteAndReceive(inviterId, email) {
      const before = peer.received.length;
      const created = await kindly.api('POST', '/v1/invitations', { inviterId, email, reminders: 2 });
      if (created.status !== 201) throw new Error(`invitation not created: ${created.status}`);
      const mail = (await peer.waitFor(before + 1))[before];
      if (!mail || mail.envelopeTo[0] !== email) throw new Error(`no invitation mail to ${email}`);
      return { id: created.body.id as string, mail };
    },
    async suppressedAs(email) {
      const check = await kindly.api('GET', `/v1/suppressions/check?email=${encodeURIComponent(email)}`);
      return check.body.suppressed ? (check.body.reason as string) : null;
    },
    async stop() {
      await store.close();
      await kindly.stop();
      await peer.close();
      await database.drop?.();
    },
  };
}

/** A header of received mail, unfolded. */
export function headerOf(mail: ReceivedMail, name: string): string {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The header block of received mail, as an MTA attaches it to a report. */
export function originalHeaders(mail: ReceivedMail): string {
  return mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n') + 2);
}
