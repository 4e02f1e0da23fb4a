import { describe, expect, it } from 'vitest';
import { KindlyError } from '../../core/errors.js';
import { settings, tokens } from '../testing/mail-fixtures.js';
import { headerLines, rawHeader, renderAndParse } from '../testing/render-raw.js';
import type { DigestEntry } from './digest-copy.js';
import { composeDigestMail, type DigestMailInput } from './digest-mail.js';

const entry = (name: string, landingToken: string, note: string | null = null): DigestEntry => ({
  inviter: { name, email: `${name.replace(/[^A-Za-z]/g, '').toLowerCase()}@example.com` },
  note,
  source: 'entered',
  invitedAt: new Date('2026-03-03T10:00:00Z'),
  expiresAt: new Date('2026-05-02T10:00:00Z'),
  landingToken,
});

const input = (overrides: Partial<DigestMailInput> = {}): DigestMailInput => ({
  messageId: 'msg_digest1',
  to: 'bob@example.org',
  entries: [
    entry('Erin Evans', 'ErinLanding_0123456789ab', 'See you <b>soon</b>'),
    entry('Frank Fox', 'FrankLanding_0123456789a'),
  ],
  cap: { messages: 3, days: 30 },
  tokens: { stop: tokens.stop, bounce: tokens.bounce },
  date: new Date('2026-04-02T10:00:00Z'),
  ...overrides,
});

describe('composeDigestMail', () => {
  it('comes from the service, as kind digest, with the stop headers', async () => {
    const mail = composeDigestMail(input(), settings);
    expect(mail.from).toEqual({ name: 'Kindly', address: 'invitations@kindly.example' });
    expect(mail.replyTo).toBeUndefined();
    expect(mail.subject).toBe('2 people invited you to connect on Kindly');
    const { raw, parsed } = await renderAndParse(mail);
    expect(rawHeader(parsed, 'X-Kindly-Kind')).toBe('digest');
    expect(rawHeader(parsed, 'Feedback-ID')).toBe('digest:kindly');
    expect(rawHeader(parsed, 'List-Unsubscribe')).toBe(
      `<https://kindly.example/u/${tokens.stop}>, <mailto:unsubscribe+${tokens.stop}@kindly.example>`,
    );
    expect(rawHeader(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(parsed, 'Content-Type')).toMatch(/^multipart\/alternative;/);
    expect(headerLines(raw).filter((l) => /^reply-to:/i.test(l))).toEqual([]);
  });

  it('gives each inviter their own Accept, No thanks and Block, and says why they came together', () => {
    const { text, html } = composeDigestMail(input(), settings);
    for (const [name, token] of [
      ['Erin Evans', 'ErinLanding_0123456789ab'],
      ['Frank Fox', 'FrankLanding_0123456789a'],
    ]) {
      const base = `https://kindly.example/r/${token}`;
      expect(text).toContain(
        `Accept: ${base}/accept\nNo thanks: ${base}/decline\nBlock ${name}: ${base}/block`,
      );
      for (const url of [`${base}/accept`, `${base}/decline`, `${base}/block`, base])
        expect(html).toContain(`href="${url}"`);
    }
    expect(text).toContain(
      'Kindly sends you at most 3 invitation e-mails in 30 days, however many people invite you',
    );
    expect(text).toContain('No reminders will follow for these invitations');
    expect(text).toContain(`Never e-mail me again: https://kindly.example/u/${tokens.stop}`);
    expect(text).toContain('This invitation expires on 2 May 2026.');
    for (const body of [text, html]) expect(body).toContain(settings.postalAddress);
  });

  it('quotes notes as text and escapes everything a member typed', () => {
    const { text, html } = composeDigestMail(
      input({ entries: [entry('<i>Mallory</i> & Co', 'MalloryLanding_0123456789', '<script>x</script>')] }),
      settings,
    );
    expect(text).toContain('> <script>x</script>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<i>Mallory');
    expect(html).toContain('&lt;i&gt;Mallory&lt;/i&gt; &amp; Co');
  });

  it('names the one inviter of a single-item digest', () => {
    const mail = composeDigestMail(
      input({ entries: [entry('Erin Evans', 'ErinLanding_0123456789ab')] }),
      settings,
    );
    expect(mail.subject).toBe('Erin Evans invited you to connect on Kindly');
    expect(mail.text).toContain('this invitation waited until now');
  });

  it('does not show an inviter name that fails the name rules, in the subject or the body', () => {
    const mail = composeDigestMail(
      input({ entries: [entry('Kindly Security Team', 'ErinLanding_0123456789ab')] }),
      settings,
    );
    expect(mail.subject).toBe('A member invited you to connect on Kindly');
    expect(mail.text).not.toContain('Kindly Security Team');
    expect(mail.html).not.toContain('Kindly Security Team');
    expect(mail.text).toContain('A member (kindlysecurityteam@example.com) invited you on');
  });

  it('refuses tokens and addresses that could break a header', () => {
    expect(() => composeDigestMail(input({ to: 'bob@example.org\r\nBcc: x@y.z' }), settings)).toThrow(
      KindlyError,
    );
    expect(() => composeDigestMail(input({ entries: [entry('Erin', 'bad token')] }), settings)).toThrow(
      KindlyError,
    );
  });
});
