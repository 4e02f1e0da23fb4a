/**
 * DESIGN's limits on one inviter, through the API: per day, per rolling week, pending at once, the
 * re-invite cooldowns and the throttle. Each refusal has its status, its stable code and, where a wait
 * helps, a Retry-After that is exactly that wait.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppress } from '../../core/suppress.js';
import { submit } from '../../testing/page-test-requests.js';
import { createRulesHarness, landingTokens, type RulesHarness } from '../../testing/rules-harness.js';

const minuteMs = 60_000;
const dayS = 86_400;

describe('inviter limits and cooldowns', () => {
  let h: RulesHarness;
  let alice: string;
  beforeEach(async () => {
    h = await createRulesHarness();
    alice = (await h.member('Alice')).id;
  });
  afterEach(() => h.close());

  let counter = 0;
  const invite = (inviterId: string, email = `person${++counter}@example.net`, extra: object = {}) =>
    h.call('POST', '/v1/invitations', { inviterId, email, ...extra });

  async function expectProblem(response: Awaited<ReturnType<typeof invite>>, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await response.json();
    expect(body).toMatchObject({ status, code, type: `/problems/${code}` });
    return body;
  }

  it('allows 20 invitations per rolling day, then 429 inviter_daily_limit until the first is a day old', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect((await invite(alice)).status).toBe(201);
      h.clock.advance(minuteMs);
    }
    const refused = await invite(alice);
    const body = await expectProblem(refused, 429, 'inviter_daily_limit');
    expect(body.detail).toContain('20 invitations in the last day');
    // The first went at 0:00, this asks at 0:20: it may go at 24:00.
    expect(refused.headers.get('retry-after')).toBe(String(dayS - 20 * 60));
    h.clock.advance((dayS - 20 * 60 - 1) * 1000);
    expect((await invite(alice)).status).toBe(429);
    h.clock.advance(1000);
    expect((await invite(alice)).status).toBe(201);
  });

  it('allows 100 invitations per rolling 7 days, then 429 inviter_weekly_limit', async () => {
    for (let day = 0; day < 5; day += 1) {
      for (let i = 0; i < 20; i += 1) expect((await invite(alice)).status).toBe(201);
      h.advanceDays(1);
    }
    // Day 5: the daily window is empty again, the weekly one is full until day 7.
    const refused = await invite(alice);
    await expectProblem(refused, 429, 'inviter_weekly_limit');
    expect(refused.headers.get('retry-after')).toBe(String(2 * dayS));
    h.advanceDays(2);
    expect((await invite(alice)).status).toBe(201);
  });

  it('allows 200 pending invitations, then 429 inviter_pending_limit until one closes', async () => {
    // 20 a day and 100 a week: days 0–4 and 7–11 fill the 200.
    for (const day of [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]) {
      h.clock.set(new Date(Date.parse('2026-03-03T09:00:00.000Z') + day * dayS * 1000));
      for (let i = 0; i < 20; i += 1) expect((await invite(alice)).status).toBe(201);
    }
    h.clock.set(new Date(Date.parse('2026-03-03T09:00:00.000Z') + 15 * dayS * 1000));
    const refused = await invite(alice);
    const body = await expectProblem(refused, 429, 'inviter_pending_limit');
    expect(body.detail).toContain('200 open invitations');
    // The oldest expires at day 30.
    expect(refused.headers.get('retry-after')).toBe(String(15 * dayS));
    // Withdrawing one makes room at once.
    const oldest = (
      await (await h.call('GET', `/v1/invitations?inviterId=${alice}&status=pending&limit=1`)).json()
    ).items[0];
    expect((await h.call('POST', `/v1/invitations/${oldest.id}/withdraw`)).status).toBe(200);
    expect((await invite(alice)).status).toBe(201);
  });

  it('answers a repeated pending invitation with the existing one even at the limit', async () => {
    for (let i = 0; i < 20; i += 1) expect((await invite(alice, `same${i}@example.net`)).status).toBe(201);
    expect((await invite(alice, 'same0@example.net')).status).toBe(200);
  });

  it('refuses re-inviting for 21 days after a withdrawal: 409 reinvite_after_withdrawal', async () => {
    const first = await (await invite(alice, 'bob@example.net')).json();
    h.advanceDays(2);
    await h.call('POST', `/v1/invitations/${first.id}/withdraw`);
    h.advanceDays(1);
    const refused = await invite(alice, 'Bob@Example.net');
    const body = await expectProblem(refused, 409, 'reinvite_after_withdrawal');
    expect(body.detail).toContain('21 days');
    expect(refused.headers.get('retry-after')).toBe(String(20 * dayS));
    // Another inviter is not affected.
    const carol = (await h.member('Carol')).id;
    expect((await invite(carol, 'bob@example.net')).status).toBe(201);
    h.advanceDays(20);
    expect((await invite(alice, 'bob@example.net')).status).toBe(201);
  });

  it('refuses re-inviting for 180 days after "no thanks": 409 reinvite_after_decline', async () => {
    await invite(alice, 'bob@example.net');
    await h.drain();
    const [token] = landingTokens(h.peer.received[0] ?? ({} as never));
    expect((await submit(h.app, `/r/${token}/decline`, `/r/${token}/decline`)).status).toBe(200);
    h.advanceDays(10);
    const refused = await invite(alice, 'bob@example.net');
    const body = await expectProblem(refused, 409, 'reinvite_after_decline');
    expect(body.detail).toContain('180 days');
    expect(refused.headers.get('retry-after')).toBe(String(170 * dayS));
    h.advanceDays(170);
    expect((await invite(alice, 'bob@example.net')).status).toBe(201);
  });

  it('never lets an inviter e-mail an address that blocked them, and answers exactly as after "no thanks"', async () => {
    // Bob blocks Alice; Dan says no thanks to her. Both the same day.
    await invite(alice, 'bob@example.net');
    await invite(alice, 'dan@example.net');
    await h.drain();
    const tokenOf = (to: string) =>
      landingTokens(h.peer.received.find((m) => m.envelopeTo.includes(to)) ?? ({} as never))[0];
    const bob = tokenOf('bob@example.net');
    const dan = tokenOf('dan@example.net');
    expect((await submit(h.app, `/r/${bob}/block`, `/r/${bob}/block`)).status).toBe(200);
    expect((await submit(h.app, `/r/${dan}/decline`, `/r/${dan}/decline`)).status).toBe(200);
    const sent = h.peer.received.length;

    // Within the "no thanks" wait: the same 409, the same Retry-After, the same words.
    h.advanceDays(1);
    const blocked = await invite(alice, 'bob@example.net');
    const declined = await invite(alice, 'dan@example.net');
    const problemOf = async (response: typeof blocked) => ({
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    });
    const blockedAnswer = await problemOf(blocked);
    expect(blockedAnswer).toEqual(await problemOf(declined));
    expect(blockedAnswer.body.code).toBe('reinvite_after_decline');

    // After it: Dan is invited again and mailed; Bob's reads exactly like that but is never mailed.
    h.advanceDays(180);
    const again = await (await invite(alice, 'bob@example.net')).json();
    const other = await (await invite(alice, 'dan@example.net')).json();
    expect(again.status).toBe('undeliverable');
    expect(await h.core.store.listMessagesForInvitation(again.id)).toMatchObject([{ state: 'suppressed' }]);
    await h.drain();
    expect(h.peer.received.slice(sent).flatMap((m) => m.envelopeTo)).toEqual(['dan@example.net']);
    expect(other.status).toBe('pending');
  });
});

describe('inviter throttle', () => {
  let h: RulesHarness;
  let alice: string;
  beforeEach(async () => {
    h = await createRulesHarness();
    alice = (await h.member('Alice')).id;
  });
  afterEach(() => h.close());

  async function deliverInvitations(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await h.call('POST', '/v1/invitations', {
        inviterId: alice,
        email: `friend${i}@example.net`,
      });
      ids.push((await response.json()).id);
    }
    await h.drain();
    expect(h.peer.received).toHaveLength(count);
    return ids;
  }

  it('pauses an inviter for 30 days after a second complaint, and says why', async () => {
    const ids = await deliverInvitations(3);
    for (const [index, id] of ids.slice(0, 2).entries()) {
      if (index === 1) h.advanceDays(2);
      await suppress(h.core, {
        key: h.core.keyOf(`friend${index}@example.net`),
        scope: 'global',
        reason: 'complaint',
        source: 'bounce:test',
        actor: 'recipient',
        invitationId: id,
      });
    }
    h.advanceDays(1);
    const refused = await h.call('POST', '/v1/invitations', { inviterId: alice, email: 'new@example.net' });
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.code).toBe('inviter_throttled');
    expect(body.detail).toContain('last 3 delivered invitations, 2 drew a spam complaint');
    expect(body.detail).toContain('paused until');
    // 30 days from the second complaint, which came a day ago.
    expect(refused.headers.get('retry-after')).toBe(String(29 * dayS));
    h.advanceDays(29);
    expect(
      (await h.call('POST', '/v1/invitations', { inviterId: alice, email: 'new@example.net' })).status,
    ).toBe(201);
  });

  it('pauses an inviter when 20% of their last delivered invitations ended in "never e-mail me again"', async () => {
    await deliverInvitations(10);
    // One opt-out in ten is not enough; two are.
    for (const [index, mail] of h.peer.received.slice(0, 2).entries()) {
      const [token] = landingTokens(mail);
      expect((await submit(h.app, `/r/${token}/stop`, `/r/${token}/stop`)).status).toBe(200);
      const next = await h.call('POST', '/v1/invitations', {
        inviterId: alice,
        email: `more${index}@example.net`,
      });
      expect(next.status).toBe(index === 0 ? 201 : 429);
      if (index === 1) {
        const body = await next.json();
        expect(body.code).toBe('inviter_throttled');
        expect(body.detail).toContain('2 (20%) a "never e-mail me again"');
        expect(next.headers.get('retry-after')).toBe(String(30 * dayS));
      }
    }
  });

  it('does not pause a new inviter for a single opt-out', async () => {
    await deliverInvitations(1);
    const [token] = landingTokens(h.peer.received[0] ?? ({} as never));
    expect((await submit(h.app, `/r/${token}/stop`, `/r/${token}/stop`)).status).toBe(200);
    expect(
      (await h.call('POST', '/v1/invitations', { inviterId: alice, email: 'next@example.net' })).status,
    ).toBe(201);
  });
});
