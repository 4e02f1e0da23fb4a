import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../core/delivery-error.js';
import type { Mailer } from '../../core/ports.js';
import { startScriptedSmtpPeer } from '../../testing/scripted-smtp-peer.js';
import { type SmtpPeer, type SmtpPeerOptions, startSmtpPeer } from '../../testing/smtp-peer.js';
import { composeInvitationMail } from '../compose/invitation-mail.js';
import { invitationInput, settings, tokens } from '../testing/mail-fixtures.js';
import { rawHeader } from '../testing/render-raw.js';
import { createSmtpMailer } from './smtp-mailer.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const started = await startSmtpPeer(options);
  cleanups.push(() => started.close());
  return started;
}

function mailer(
  url: string,
  extra: { pool?: boolean; maxConnections?: number; stallTimeoutMs?: number } = {},
): Mailer {
  const created = createSmtpMailer({ url, ...extra });
  cleanups.push(() => created.close());
  return created;
}

const invitation = (to = 'bob@example.org') => composeInvitationMail(invitationInput({ to }), settings);

async function sendError(m: Mailer, to: string): Promise<DeliveryError> {
  const error = await m.send(invitation(to)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('createSmtpMailer', () => {
  it('delivers a multipart/alternative message with every header and the VERP sender', async () => {
    const smtp = await peer();
    const result = await mailer(smtp.url).send(invitation());
    expect(result.response).toMatch(/^250 /);

    expect(smtp.received).toHaveLength(1);
    const [got] = smtp.received;
    if (!got) throw new Error('nothing reached the SMTP peer');
    expect(got.envelopeFrom).toBe(`bounce+${tokens.bounce}@kindly.example`);
    expect(got.envelopeTo).toEqual(['bob@example.org']);

    const { parsed } = got;
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text).toContain('Alice Smith (alice@example.com) invited you to connect on Kindly.');
    expect(parsed.html).toContain('<a href="https://kindly.example/r/');
    expect(parsed.from?.value).toEqual([
      { name: 'Alice Smith via Kindly', address: 'invitations@kindly.example' },
    ]);
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['alice@example.com']);
    expect(parsed.messageId).toBe('<msg_abc123@kindly.example>');
    expect(parsed.subject).toBe('Alice Smith invited you to connect on Kindly');
    const header = (name: string) => rawHeader(parsed, name);
    expect(header('list-unsubscribe')).toBe(
      `<https://kindly.example/u/${tokens.stop}>, <mailto:unsubscribe+${tokens.stop}@kindly.example>`,
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('auto-submitted')).toBe('auto-generated');
    expect(header('feedback-id')).toBe('invitation:kindly');
    expect(header('x-kindly-kind')).toBe('invitation');
    expect(header('x-kindly-message')).toBe('msg_abc123');
  });

  it('pools by default: several messages share one connection', async () => {
    const smtp = await peer();
    const m = mailer(smtp.url, { maxConnections: 1 });
    await Promise.all([m.send(invitation('a@example.org')), m.send(invitation('b@example.org'))]);
    await m.send(invitation('c@example.org'));
    expect(smtp.received.map((r) => r.envelopeTo[0])).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);
    expect(smtp.connections).toBe(1);
  });

  it('turns Nagle off on the sockets that carry the mail, plain and TLS', async () => {
    // Recorded at call time: a socket forgets its peer once closed. Only client sockets have the
    // peer's port as their remote port, so the server's own calls do not count.
    const calls: Array<{ remotePort: number | undefined; on: boolean }> = [];
    const original = net.Socket.prototype.setNoDelay;
    vi.spyOn(net.Socket.prototype, 'setNoDelay').mockImplementation(function (
      this: net.Socket,
      noDelay?: boolean,
    ) {
      calls.push({ remotePort: this.remotePort, on: noDelay !== false });
      return original.call(this, noDelay);
    });
    const towards = (port: number) => calls.filter((c) => c.remotePort === port && c.on);

    const plain = await peer();
    await mailer(plain.url).send(invitation());
    expect(plain.received).toHaveLength(1);
    expect(towards(plain.port).length).toBeGreaterThan(0);

    const secure = await peer({ secure: true });
    // smtp-server's built-in test certificate is self-signed.
    await mailer(`${secure.url}/?tls.rejectUnauthorized=false`).send(invitation());
    expect(secure.received).toHaveLength(1);
    expect(towards(secure.port).length).toBeGreaterThan(0);
  });

  it('reports a 4xx as a temporary failure', async () => {
    const smtp = await peer({
      answerRcpt: () => ({ code: 451, message: '4.3.0 Mailbox busy, try again later' }),
    });
    const err = await sendError(mailer(smtp.url), 'busy@example.org');
    expect(err.code).toBe('ETEMPFAIL');
    expect(err.responseCode).toBe(451);
    expect(err.permanent).toBe(false);
  });

  it('reports 550 5.1.1 as a missing mailbox, permanently', async () => {
    const smtp = await peer({ answerRcpt: () => ({ code: 550, message: '5.1.1 No such user here' }) });
    const err = await sendError(mailer(smtp.url), 'nobody@example.org');
    expect(err.code).toBe('ENOMAILBOX');
    expect(err.enhancedStatus).toBe('5.1.1');
    expect(err.permanent).toBe(true);
  });

  it('reports a refused message (554 5.7.1 after DATA) as rejected', async () => {
    const smtp = await peer({
      answerData: () => ({ code: 554, message: '5.7.1 Message refused by policy' }),
    });
    const err = await sendError(mailer(smtp.url), 'bob@example.org');
    expect(err.code).toBe('EREJECTED');
    expect(err.responseCode).toBe(554);
    expect(err.enhancedStatus).toBe('5.7.1');
    expect(err.permanent).toBe(true);
    expect(smtp.received).toHaveLength(0);
  });

  it('keeps working on the same pool after a refusal', async () => {
    const smtp = await peer({
      answerRcpt: (address) =>
        address.startsWith('nobody@') ? { code: 550, message: '5.1.1 No such user here' } : 'accept',
    });
    const m = mailer(smtp.url, { maxConnections: 1 });
    expect((await sendError(m, 'nobody@example.org')).code).toBe('ENOMAILBOX');
    await m.send(invitation('bob@example.org'));
    expect(smtp.received.map((r) => r.envelopeTo)).toEqual([['bob@example.org']]);
  });

  it('reports a peer that never greets as a timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const { port } = silent.address() as net.AddressInfo;
    const m = mailer(`smtp://127.0.0.1:${port}/?greetingTimeout=200`, { pool: false });
    const err = await sendError(m, 'bob@example.org');
    expect(err.code).toBe('ETIMEDOUT');
  });

  it('gives up on a peer that stops answering mid-transaction after the stall timeout, not 10 minutes', async () => {
    const holding = await startScriptedSmtpPeer();
    cleanups.push(() => holding.close());
    holding.script = () => 'hold';
    const m = mailer(holding.url, { stallTimeoutMs: 300 });
    const err = await sendError(m, 'bob@example.org');
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.permanent).toBe(false);
    expect(holding.attemptsOf('bob@example.org')).toHaveLength(1);
  });

  it.each([true, false])('reports a closed port as a connection failure (pool: %s)', async (pool) => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const err = await sendError(mailer(`smtp://127.0.0.1:${closed}`, { pool }), 'bob@example.org');
    expect(err.code).toBe('ECONNECTION');
    expect(err.permanent).toBe(false);
  });
});
