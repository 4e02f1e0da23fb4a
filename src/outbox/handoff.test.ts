/**
 * The hand-off to SMTP: the last consent check and the "send begins" mark are one statement, the
 * lease fences out a worker that was too slow, and a database blip after SMTP accepted a message
 * does not make it go twice. The mail goes to a real SMTP peer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import type { Mailer, Store } from '../core/ports.js';
import { createSmtpMailer } from '../mail/transports/smtp-mailer.js';
import { type SmtpPeer, startSmtpPeer } from '../testing/smtp-peer.js';
import { addSuppressionRow, createTestCore, type TestCore, testDeliveryDeps } from '../testing/test-core.js';
import { type DeliveryDeps, deliverMessage } from './deliver-message.js';

/** Runs `before(method)` ahead of every store call; it may throw to fail that call. */
function hookedStore(store: Store, before: (method: string) => Promise<void> | void): Store {
  return new Proxy(store, {
    get(target, method: string) {
      const value = Reflect.get(target, method);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await before(method);
        return value.apply(target, args);
      };
    },
  });
}

describe('hand-off to SMTP', () => {
  let t: TestCore;
  let peer: SmtpPeer;
  let mailer: Mailer;
  beforeEach(async () => {
    t = await createTestCore();
    peer = await startSmtpPeer();
    mailer = createSmtpMailer({ url: peer.url, pool: false });
  });
  afterEach(async () => {
    await mailer.close();
    await peer.close();
    await t.cleanup();
  });

  const deps = (store: Store = t.core.store): DeliveryDeps => testDeliveryDeps(t.core, mailer, { store });

  async function claimOne(leaseMs = 60_000) {
    const inviter = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    await invite(t.core, { inviterId: inviter.id, email: 'bob@example.net' });
    const now = t.clock.now();
    const [message] = await t.core.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
      1,
    );
    if (!message) throw new Error('nothing claimed');
    return message;
  }

  it('stops a message whose address opts out while it is being rendered', async () => {
    const message = await claimOne();
    const store = hookedStore(t.core.store, async (method) => {
      // Lands after the render minted its links, right before the hand-off statement.
      if (method === 'handOffMessage')
        await addSuppressionRow(t.core, { key: message.toKey, reason: 'stop' });
    });
    expect(await deliverMessage(deps(store), message)).toBe('suppressed');
    expect(peer.connections).toBe(0);
    expect((await t.core.store.getMessage(message.id))?.state).toBe('suppressed');
  });

  it('sends nothing when its lease has gone to another worker', async () => {
    const message = await claimOne(60_000);
    t.clock.advance(60_001);
    const now = t.clock.now();
    const [taken] = await t.core.store.claimDueMessages(
      now.toISOString(),
      new Date(now.getTime() + 60_000).toISOString(),
      1,
    );
    expect(taken?.id).toBe(message.id);
    expect(await deliverMessage(deps(), message)).toBe('lost');
    expect(peer.connections).toBe(0);
    // The new holder sends it.
    if (!taken) throw new Error('not taken');
    expect(await deliverMessage(deps(), taken)).toBe('sent');
    expect(peer.received).toHaveLength(1);
  });

  it('moves the lease at hand-off, so the whole send has a full lease', async () => {
    const message = await claimOne(60_000);
    t.clock.advance(50_000);
    // Read while the peer holds the transaction open at RCPT TO, long before the send is recorded.
    let duringSend: ReturnType<Store['getMessage']> | undefined;
    peer.answerRcpt = () => {
      duringSend = t.core.store.getMessage(message.id);
      return 'accept';
    };
    expect(await deliverMessage(deps(), message, { leaseMs: 60_000 })).toBe('sent');
    expect((await duringSend)?.leaseUntil).toBe(new Date(t.clock.now().getTime() + 60_000).toISOString());
  });

  it('records a message SMTP accepted even when the database blips right after', async () => {
    const message = await claimOne();
    let blips = 0;
    const store = hookedStore(t.core.store, (method) => {
      // The peer keeps a message before it answers 250: from then on the send has happened.
      if (method === 'transaction' && peer.received.length > 0 && blips < 3) {
        blips++;
        throw new Error('Connection terminated unexpectedly');
      }
    });
    expect(await deliverMessage(deps(store), message, { leaseMs: 10_000 })).toBe('sent');
    expect(blips).toBe(3);
    expect(peer.received).toHaveLength(1);
    expect(await t.core.store.getMessage(message.id)).toMatchObject({ state: 'sent', leaseUntil: null });
  });
});
