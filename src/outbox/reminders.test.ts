/**
 * Reminders as the recipient sees them: the invitation discloses how many will follow and when
 * (0, 1 or 2, as the inviter chose), each reminder is its own kind and says which one it is, and
 * anything the recipient, the inviter or the system does to close the invitation stops them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppress } from '../core/suppress.js';
import { submit } from '../testing/page-test-requests.js';
import {
  createRulesHarness,
  kindOf,
  landingTokens,
  type RulesHarness,
  stopToken,
} from '../testing/rules-harness.js';
import type { ReceivedMail } from '../testing/smtp-peer.js';

function header(mail: ReceivedMail | undefined, name: string): string {
  return String(mail?.parsed.headers.get(name.toLowerCase()) ?? '');
}

describe('reminders', () => {
  let h: RulesHarness;
  let alice: string;
  beforeEach(async () => {
    h = await createRulesHarness();
    alice = (await h.member('Alice')).id;
  });
  afterEach(() => h.close());

  async function invite(reminders?: number, email = 'bob@example.net') {
    const response = await h.call('POST', '/v1/invitations', {
      inviterId: alice,
      email,
      ...(reminders === undefined ? {} : { reminders }),
    });
    expect(response.status).toBe(201);
    return response.json();
  }

  /** Moves a week at a time, letting the worker run, until `days` have passed. */
  async function live(days: number) {
    for (let done = 0; done < days; done += 1) {
      h.advanceDays(1);
      await h.drain();
    }
  }

  it.each([
    [0, 'Kindly will not remind you about this invitation.'],
    [1, 'You will get one reminder, on 10 March 2026, unless you answer or stop it.'],
    [2, 'You will get two reminders, on 10 March 2026 and 17 March 2026, unless you answer or stop them.'],
  ])(
    'discloses %i reminder(s) in the invitation that is sent, and sends exactly those',
    async (count, disclosure) => {
      const created = await invite(count);
      expect(created.reminders.planned).toBe(count);
      await h.drain();
      const [mail] = h.peer.received;
      expect(kindOf(mail as ReceivedMail)).toBe('invitation');
      for (const part of [mail?.parsed.text ?? '', mail?.parsed.html || ''])
        expect(part).toContain(disclosure);
      await live(40);
      expect(h.peer.received.map(kindOf)).toEqual(['invitation', ...Array(count).fill('reminder')]);
      const after = await (await h.call('GET', `/v1/invitations/${created.id}`)).json();
      expect(after.reminders).toEqual({ planned: count, sent: count, nextAt: null });
    },
  );

  it('defaults to one reminder', async () => {
    const created = await invite();
    expect(created.reminders).toMatchObject({ planned: 1, nextAt: '2026-03-10T09:00:00.000Z' });
  });

  it('sends each reminder as its own kind, on its date, saying which one it is', async () => {
    const created = await invite(2);
    await h.drain();
    await live(6);
    expect(h.peer.received).toHaveLength(1);
    await live(1);
    const first = h.peer.received[1];
    expect(kindOf(first as ReceivedMail)).toBe('reminder');
    expect(header(first, 'Feedback-ID')).toBe('reminder:kindly');
    expect(first?.parsed.date?.toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(first?.parsed.subject).toBe('Reminder: Alice invited you to connect on Kindly');
    expect(first?.parsed.text).toContain('This is the first of two reminders about this invitation.');
    expect(first?.parsed.text).toContain('The second and last one will follow on 17 March 2026');
    const mid = await (await h.call('GET', `/v1/invitations/${created.id}`)).json();
    expect(mid.reminders).toEqual({ planned: 2, sent: 1, nextAt: '2026-03-17T09:00:00.000Z' });
    await live(7);
    const last = h.peer.received[2];
    expect(kindOf(last as ReceivedMail)).toBe('reminder');
    expect(last?.parsed.text).toContain('This is the last reminder about this invitation.');
    expect(last?.parsed.text).toContain('No more reminders will follow.');
    // Each message carries its own working links.
    expect(new Set(h.peer.received.flatMap(landingTokens)).size).toBe(3);
  });

  it('promises no reminder that the expiry an operator chose would cut off', async () => {
    await h.close();
    h = await createRulesHarness({ rules: { expiryDays: 10 } });
    alice = (await h.member('Alice')).id;
    const created = await invite(2);
    expect(created.reminders.planned).toBe(1);
    await h.drain();
    expect(h.peer.received[0]?.parsed.text).toContain('You will get one reminder, on 10 March 2026');
    await live(12);
    expect(h.peer.received.map(kindOf)).toEqual(['invitation', 'reminder']);
    expect((await (await h.call('GET', `/v1/invitations/${created.id}`)).json()).status).toBe('expired');
  });

  type Stopper = (mail: ReceivedMail, invitationId: string) => Promise<void>;
  const page =
    (action: string, extra: Record<string, string> = {}): Stopper =>
    async (mail) => {
      const [token] = landingTokens(mail);
      const response = await submit(h.app, `/r/${token}/${action}`, `/r/${token}/${action}`, extra);
      expect(response.status).toBe(200);
    };
  const stoppers: Array<[string, Stopper]> = [
    ['accept', page('accept', { name: 'Bob' })],
    ['no thanks', page('decline')],
    ['block', page('block')],
    ['never e-mail me again', page('stop')],
    [
      'the one-click List-Unsubscribe',
      async (mail) => {
        const response = await h.app.request(`/u/${stopToken(mail)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(response.status).toBe(200);
      },
    ],
    [
      'a withdrawal',
      async (_mail, id) => {
        expect((await h.call('POST', `/v1/invitations/${id}/withdraw`)).status).toBe(200);
      },
    ],
    [
      "an operator's suppression",
      async () => {
        expect((await h.call('POST', '/v1/suppressions', { email: 'bob@example.net' })).status).toBe(201);
      },
    ],
    [
      'a hard bounce reported later',
      async () => {
        await suppress(h.core, {
          key: h.core.keyOf('bob@example.net'),
          scope: 'global',
          reason: 'hard-bounce',
          source: 'bounce:test',
          actor: 'system',
        });
      },
    ],
  ];

  it.each(stoppers)('stops every reminder after %s', async (_name, stop) => {
    const created = await invite(2);
    await h.drain();
    await live(3);
    const [mail] = h.peer.received;
    await stop(mail as ReceivedMail, created.id);
    await live(30);
    expect(h.peer.received.map(kindOf)).toEqual(['invitation']);
    const messages = await h.core.store.listMessagesForInvitation(created.id);
    expect(messages.filter((m) => m.state === 'queued')).toEqual([]);
  });

  it('stops after the first reminder bounces at SMTP with "no such user"', async () => {
    await invite(2);
    await h.drain();
    h.peer.answerRcpt = () => ({ code: 550, message: '5.1.1 <bob@example.net>: no such user' });
    await live(30);
    expect(h.peer.received.map(kindOf)).toEqual(['invitation']);
    const check = await (await h.call('GET', '/v1/suppressions/check?email=bob%40example.net')).json();
    expect(check).toEqual({ suppressed: true, scope: 'global', reason: 'hard-bounce' });
  });
});
