/**
 * The address that is checked is the address that is mailed: what the API stores and answers with is,
 * byte for byte, what the worker writes in `RCPT TO` to a real SMTP peer, and it has the key of the
 * spelling the app typed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAddress, parseAddress } from '../core/address.js';
import type { Mailer } from '../core/ports.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testDeliveryDeps } from '../testing/test-core.js';
import { createOutboxWorker } from './outbox-worker.js';

/** The address inside `RCPT TO:<…>`, whatever parameters follow it. */
const rcptAddress = (line: string) => /^RCPT TO:<(.*)>/i.exec(line)?.[1];

describe('the address as sent', () => {
  let t: TestApp;
  let peer: SmtpPeer;
  let mailer: Mailer;

  beforeAll(async () => {
    t = await createTestApp();
    peer = await startSmtpPeer();
    mailer = createSmtpMailer({ url: peer.url });
  });
  afterAll(async () => {
    await mailer.close();
    await peer.close();
    await t.cleanup();
  });

  it('stores, answers, keys and sends one form of each address', async () => {
    const typed = [
      'Jane@Bücher.Example',
      'jörg@XN--BCHER-KVA.example',
      'JÖRG.Müller@Straße.example',
      '"test\\ test"@iana.org',
      '"Jane"@example.com',
      'jo\u0308rg@example.org',
      'a@[IPv6:2001:DB8::1]',
      'Bob+hi@Outlook.COM',
    ];
    const inviter = await (
      await t.call('POST', '/v1/members', { email: 'alice@example.org', name: 'Alice' })
    ).json();
    const answered: string[] = [];
    for (const email of typed) {
      const response = await t.call('POST', '/v1/invitations', {
        inviterId: inviter.id,
        email,
        reminders: 0,
      });
      expect(response.status, email).toBe(201);
      answered.push((await response.json()).recipient.email);
    }
    expect(answered).toEqual(typed.map(parseAddress));
    expect(answered).toEqual([
      'Jane@xn--bcher-kva.example',
      'jörg@bücher.example',
      'JÖRG.Müller@straße.example',
      '"test test"@iana.org',
      'Jane@example.com',
      'jörg@example.org',
      'a@[ipv6:2001:db8::1]',
      'Bob+hi@outlook.com',
    ]);

    const worker = createOutboxWorker(testDeliveryDeps(t.core, mailer), {
      pollMs: 1000,
      leaseMs: 60_000,
      batchSize: 20,
    });
    expect(await worker.drain()).toBe(typed.length);
    expect(peer.rcptCommands.map(rcptAddress).sort()).toEqual([...answered].sort());

    // The key of what was sent is the key of what was typed: an opt-out of either stops the other.
    for (const [i, email] of typed.entries()) {
      expect(t.core.keyOf(answered[i] ?? '')).toBe(t.core.keyOf(email));
    }
  });

  it('is the form nodemailer writes in RCPT TO, for any address the validator accepts', async () => {
    const local = fc.oneof(
      fc.emailAddress().map((address) => address.slice(0, address.lastIndexOf('@'))),
      fc.constantFrom('Jane.Doe+x', '"Jane Doe"', '"j\\ane"', 'jörg', 'ЖЁНЯ', '"a\\"b"', '""', 'jo\u0308rg'),
    );
    const domain = fc.oneof(
      fc.domain(),
      fc.constantFrom(
        'GMAIL.com',
        'Bücher.Example',
        'XN--BCHER-KVA.example',
        '[IPv6:2001:DB8::A]',
        '[192.0.2.1]',
      ),
    );
    const addresses = fc
      .tuple(local, domain)
      .map(([l, d]) => `${l}@${d}`)
      .filter((address) => checkAddress(address).ok);
    await fc.assert(
      fc.asyncProperty(addresses, async (typed) => {
        const sent = parseAddress(typed);
        peer.rcptCommands.length = 0;
        // smtp-server refuses a quoted local part with a space (it splits its commands at white
        // space); what matters here is the line the sender wrote, refused or not.
        const sending = mailer.send({
          messageId: 'msg_property@kindly.test',
          envelope: { from: 'bounce+property@kindly.test', to: sent },
          from: { name: 'Kindly', address: 'invitations@kindly.test' },
          to: sent,
          subject: 'property',
          text: 'property',
          html: '<p>property</p>',
          headers: {},
          date: new Date(0),
        });
        await sending.catch(() => undefined);
        expect(peer.rcptCommands.map(rcptAddress)).toEqual([sent]);
      }),
      { numRuns: 60 },
    );
  });
});
