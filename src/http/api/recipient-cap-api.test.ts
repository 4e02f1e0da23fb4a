/**
 * The per-recipient cap through the API, the worker and the recipient pages: however many people
 * invite one address, it gets at most three invitation e-mails in 30 days; the rest wait and arrive
 * as one digest whose links work for each inviter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayMs } from '../../core/rules.js';
import { getPage, submit, textOf } from '../../testing/page-test-requests.js';
import {
  createRulesHarness,
  kindOf,
  landingTokens,
  type RulesHarness,
  stopToken,
} from '../../testing/rules-harness.js';

const hourMs = 3_600_000;

describe('per-recipient cap and digest', () => {
  let h: RulesHarness;
  beforeEach(async () => {
    h = await createRulesHarness();
  });
  afterEach(() => h.close());

  async function invite(inviterId: string, email = 'bob@example.net') {
    const response = await h.call('POST', '/v1/invitations', { inviterId, email });
    expect(response.status).toBe(201);
    return response.json();
  }

  it('sends three messages to an address invited by five people in a day, then one digest listing the others', async () => {
    const names = ['Alice', 'Carol', 'Dave', 'Erin', 'Frank'];
    const inviters = [];
    for (const name of names) inviters.push(await h.member(name));
    const start = h.clock.now().getTime();
    const invitations = [];
    for (const inviter of inviters) {
      invitations.push(await invite(inviter.id));
      await h.drain();
      h.clock.advance(hourMs);
    }
    expect(h.peer.received.map(kindOf)).toEqual(['invitation', 'invitation', 'invitation']);
    expect(invitations.map((i) => i.delivery)).toEqual([
      'queued',
      'queued',
      'queued',
      'deferred',
      'deferred',
    ]);
    for (const deferred of invitations.slice(3)) {
      const now = await (await h.call('GET', `/v1/invitations/${deferred.id}`)).json();
      expect(now).toMatchObject({ status: 'pending', delivery: 'deferred', reminders: { nextAt: null } });
    }

    // The first three inviters' reminders (day 7) would pass the cap: skipped, not sent.
    h.advanceDays(8);
    await h.drain();
    h.clock.set(new Date(start + 30 * dayMs - 60_000));
    await h.drain();
    expect(h.peer.received).toHaveLength(3);

    // The window opens 30 days after the first message: one digest, carrying both waiting invitations.
    h.clock.set(new Date(start + 30 * dayMs));
    await h.drain();
    expect(h.peer.received).toHaveLength(4);
    const digest = h.peer.received[3];
    if (!digest) throw new Error('no digest');
    expect(kindOf(digest)).toBe('digest');
    expect(digest.envelopeTo).toEqual(['bob@example.net']);
    expect(digest.parsed.from?.value).toEqual([{ name: 'Kindly', address: 'invitations@kindly.test' }]);
    expect(digest.parsed.replyTo).toBeUndefined();
    expect(digest.parsed.subject).toBe('2 people invited you to connect on Kindly');
    const text = digest.parsed.text ?? '';
    expect(text).toContain('Erin (erin@example.org) invited you on 3 March 2026.');
    expect(text).toContain('Frank (frank@example.org) invited you on 3 March 2026.');
    for (const earlier of ['Alice', 'Carol', 'Dave']) expect(text).not.toContain(earlier);
    expect(text).toContain('at most 3 invitation e-mails in 30 days');
    expect(text).toContain('No reminders will follow for these invitations');
    expect(digest.parsed.html).toContain('Block Erin');
    for (const deferred of invitations.slice(3)) {
      const now = await (await h.call('GET', `/v1/invitations/${deferred.id}`)).json();
      expect(now).toMatchObject({ status: 'pending', delivery: 'sent' });
    }

    // Each inviter's links open their own invitation and act on it alone.
    const [erinToken, frankToken] = landingTokens(digest);
    if (!erinToken || !frankToken) throw new Error('expected two landing links');
    const erinPage = await getPage(h.app, `/r/${erinToken}`);
    expect(erinPage.status).toBe(200);
    expect(textOf(erinPage.html)).toContain('Erin invites you to connect');
    expect(textOf(erinPage.html)).toContain('No reminders will follow.');
    const frankPage = await getPage(h.app, `/r/${frankToken}`);
    expect(textOf(frankPage.html)).toContain('Frank invites you to connect');

    const signUp = await submit(h.app, `/r/${erinToken}/accept`, `/r/${erinToken}/accept`);
    expect(signUp.status).toBe(200);
    const accepted = await submit(h.app, `/r/${erinToken}/accept`, `/r/${erinToken}/accept`, { name: 'Bob' });
    expect(accepted.status).toBe(200);
    const blocked = await submit(h.app, `/r/${frankToken}/block`, `/r/${frankToken}/block`);
    expect(blocked.status).toBe(200);
    const [erin, frank] = invitations.slice(3);
    expect((await (await h.call('GET', `/v1/invitations/${erin.id}`)).json()).status).toBe('accepted');
    expect((await (await h.call('GET', `/v1/invitations/${frank.id}`)).json()).status).toBe('undeliverable');
    const connections = await (await h.call('GET', `/v1/members/${inviters[3]?.id}/connections`)).json();
    expect(connections.items).toHaveLength(1);

    // The digest's own stop link speaks for the address.
    const stop = stopToken(digest);
    expect((await getPage(h.app, `/u/${stop}`)).status).toBe(200);

    // Nothing more: the digest was these invitations' one message.
    h.advanceDays(20);
    await h.drain();
    expect(h.peer.received).toHaveLength(4);
  });

  it('defers a newcomer to the waiting digest instead of letting it overtake, and counts gmail variants as one address', async () => {
    const inviters = [];
    for (const name of ['Alice', 'Carol', 'Dave', 'Erin', 'Frank']) inviters.push(await h.member(name));
    const spellings = [
      'jane.doe@gmail.com',
      'Jane.Doe+work@gmail.com',
      'janedoe@googlemail.com',
      'JANEDOE@gmail.com',
    ];
    for (const [index, email] of spellings.entries()) await invite(inviters[index]?.id ?? '', email);
    await h.drain();
    expect(h.peer.received.map(kindOf)).toEqual(['invitation', 'invitation', 'invitation']);

    // Day 10: one slot is still taken by each of the three; Frank's invitation waits too, for the same digest.
    h.advanceDays(10);
    const late = await invite(inviters[4]?.id ?? '', 'jane.doe@gmail.com');
    expect(late.delivery).toBe('deferred');
    h.advanceDays(20);
    await h.drain();
    const kinds = h.peer.received.map(kindOf);
    expect(kinds).toEqual(['invitation', 'invitation', 'invitation', 'digest']);
    const digest = h.peer.received[3];
    if (!digest) throw new Error('no digest');
    expect(digest.envelopeTo).toEqual(['JANEDOE@gmail.com']);
    expect(landingTokens(digest)).toHaveLength(2);
  });

  it('moves a digest to when the window really opens, holding its invitations open meanwhile', async () => {
    const inviters = [];
    for (const name of ['Alice', 'Carol', 'Dave', 'Erin']) inviters.push(await h.member(name));
    const start = h.clock.now().getTime();
    // Four invitations while no worker runs: the fourth is deferred to a digest planned for day 30.
    for (const inviter of inviters) await invite(inviter.id);
    h.clock.advance(2 * hourMs);
    await h.drain();
    expect(h.peer.received).toHaveLength(3);
    // The three went two hours late, so at day 30 the window is still full: the digest waits.
    h.clock.set(new Date(start + 30 * dayMs));
    await h.drain();
    expect(h.peer.received).toHaveLength(3);
    const waiting = (await (await h.call('GET', `/v1/invitations?inviterId=${inviters[3]?.id}`)).json())
      .items[0];
    expect(waiting).toMatchObject({ status: 'pending', delivery: 'deferred' });
    expect(Date.parse(waiting.expiresAt)).toBeGreaterThanOrEqual(start + 60 * dayMs + 2 * hourMs);
    h.clock.set(new Date(start + 30 * dayMs + 2 * hourMs));
    await h.drain();
    expect(h.peer.received.map(kindOf)).toEqual(['invitation', 'invitation', 'invitation', 'digest']);
    // Waiting was not an attempt: the digest was claimed twice and counts one.
    const digestId = (h.peer.received[3]?.parsed.messageId ?? '').replace(/^<|@.*$/g, '');
    expect((await h.core.store.getMessage(digestId))?.attempts).toBe(1);
    // What the digest carries is open for 30 days from the digest, and says so.
    const delivered = await (await h.call('GET', `/v1/invitations/${waiting.id}`)).json();
    expect(delivered).toMatchObject({
      delivery: 'sent',
      expiresAt: new Date(start + 60 * dayMs + 2 * hourMs).toISOString(),
    });
    expect(h.peer.received[3]?.parsed.text).toContain('This invitation expires on 2 May 2026.');
  });

  it('sends no digest when everything it would carry closed while waiting', async () => {
    const inviters = [];
    for (const name of ['Alice', 'Carol', 'Dave', 'Erin']) inviters.push(await h.member(name));
    for (const inviter of inviters) await invite(inviter.id);
    await h.drain();
    expect(h.peer.received).toHaveLength(3);
    const waiting = (await (await h.call('GET', `/v1/invitations?inviterId=${inviters[3]?.id}`)).json())
      .items[0];
    expect(waiting.delivery).toBe('deferred');
    expect((await h.call('POST', `/v1/invitations/${waiting.id}/withdraw`)).status).toBe(200);
    h.advanceDays(31);
    await h.drain();
    expect(h.peer.received).toHaveLength(3);
  });
});
