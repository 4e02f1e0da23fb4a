/**
 * `--reply` and `--opt-out`: the messages they write are read back with mailparser, as the
 * recipient's mail program would read them before sending.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { inspectMessage } from './inspect-message.js';
import { planOptOut } from './opt-out.js';
import { composeNoThanks, NoInviterAddressError } from './reply-mail.js';

const read = async (name: string) =>
  inspectMessage(readFileSync(path.join(import.meta.dirname, 'fixtures', name)));
const date = new Date('2026-03-04T08:00:00Z');

describe('--reply: a polite no thanks to the inviter', () => {
  it('goes to the inviter’s own address from the recipient, threaded under the invitation', async () => {
    const { facts, inspection } = await read('linkedin-invitation.eml');
    const reply = await simpleParser(await composeNoThanks(inspection, facts, { date }));
    expect(reply.to).toMatchObject({
      value: [{ address: 'alice.archer@example.net', name: 'Alice Archer' }],
    });
    expect(reply.from).toMatchObject({ value: [{ address: 'bob.brown@example.org', name: 'Bob Brown' }] });
    expect(reply.subject).toBe('Re: Bob, please add me to your LinkedIn network');
    expect(reply.inReplyTo).toBe('<1618033988.7493.1772529160113@ltx1-app40211.prod.linkedin.com>');
    expect(reply.text).toContain('Hello Alice,');
    expect(reply.text).toContain('I would rather not connect on LinkedIn');
    expect(reply.text).toContain('All the best,\nBob');
  });

  it('writes German to a German invitation, and takes another sender when asked', async () => {
    const { facts, inspection } = await read('generic-invitation.eml');
    const english = await simpleParser(
      await composeNoThanks(inspection, facts, { date, from: 'me@example.org' }),
    );
    expect(english.from).toMatchObject({ value: [{ address: 'me@example.org' }] });
    expect(english.text).toContain('I would rather not connect on Circlely');
    const xing = await read('xing-invitation.eml');
    const german = {
      ...xing.inspection,
      inviter: { name: 'Alice Archer', address: 'alice@example.net', relay: false },
    };
    const reply = await simpleParser(await composeNoThanks(german, xing.facts, { date }));
    expect(reply.subject).toBe('Re: Alice Archer möchte sich mit Ihnen vernetzen');
    expect(reply.text).toContain('Ich möchte mich auf XING lieber nicht vernetzen');
  });

  it('refuses when the message gives no address of the inviter’s own', async () => {
    for (const name of ['linkedin-reminder.eml', 'facebook-friend-request.eml', 'xing-invitation.eml']) {
      const { facts, inspection } = await read(name);
      await expect(composeNoThanks(inspection, facts), name).rejects.toBeInstanceOf(NoInviterAddressError);
    }
  });
});

describe('--opt-out: the request the message makes possible', () => {
  it('turns a mailto List-Unsubscribe into a message to send (RFC 6068 subject kept)', async () => {
    const { facts, inspection } = await read('xing-invitation.eml');
    const plan = await planOptOut(inspection, facts, { date });
    expect(plan.mail?.to).toBe('unsubscribe-q7Xk2invented@mail.xing.com');
    const mail = await simpleParser(plan.mail?.eml ?? Buffer.alloc(0));
    expect(mail.to).toMatchObject({ value: [{ address: 'unsubscribe-q7Xk2invented@mail.xing.com' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'bob.brown@example.org' }] });
    expect(mail.subject).toBe('unsubscribe');
    expect(plan.instructions).toEqual([
      'Open this unsubscribe page in a browser: https://www.xing.com/settings/notifications/unsubscribe?token=q7Xk2invented',
    ]);
  });

  it('gives the RFC 8058 POST to make when there is one-click, and makes no request itself', async () => {
    const { facts, inspection } = await read('linkedin-invitation.eml');
    const plan = await planOptOut(inspection, facts);
    expect(plan.mail).toBeNull();
    expect(plan.instructions[0]).toMatch(
      /^One-click unsubscribe \(RFC 8058\): POST "List-Unsubscribe=One-Click" as application\/x-www-form-urlencoded to https:\/\/www\.linkedin\.com\//,
    );
    expect(plan.instructions[1]).toMatch(
      /^ {2}for example: curl -X POST -d List-Unsubscribe=One-Click 'https:/,
    );
  });

  it('falls back to the link in the text, and to nothing for a personal mail', async () => {
    const { facts, inspection } = await read('facebook-friend-request.eml');
    const plan = await planOptOut(inspection, facts);
    expect(plan.instructions).toEqual([
      'Open this unsubscribe page in a browser: https://www.facebook.com/o.php?k=AS3invented&e=bob.brown%40example.org&mid=5f2a8c1dG4b7e9a3fG0G3c1G1e2d',
    ]);
    const personal = await read('personal-mail.eml');
    expect(await planOptOut(personal.inspection, personal.facts)).toEqual({ mail: null, instructions: [] });
  });
});
