import fc from 'fast-check';
import type { AddressObject } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { showsBrand } from '../../core/brand-lookalike.js';
import { displayNameProblem } from '../../core/display-name.js';
import { KindlyError } from '../../core/errors.js';
import { invitationInput, settings, tokens } from '../testing/mail-fixtures.js';
import { rawHeader as header, headerLines, renderAndParse } from '../testing/render-raw.js';
import { shownName, UNNAMED_MEMBER } from './header-safe.js';
import { composeInvitationMail } from './invitation-mail.js';

const base = 'https://kindly.example';
const links = {
  landing: `${base}/r/${tokens.landing}`,
  accept: `${base}/r/${tokens.landing}/accept`,
  decline: `${base}/r/${tokens.landing}/decline`,
  block: `${base}/r/${tokens.landing}/block`,
  stop: `${base}/u/${tokens.stop}`,
};

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return [field ?? []].flat().flatMap((a) => a.value);
}

/** Every header line is `Name: value` or a folded continuation; nothing else may appear. */
function expectSaneHeaders(raw: string) {
  for (const line of headerLines(raw)) {
    expect(line).toMatch(/^([A-Za-z0-9-]+: |[ \t])/);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line.length).toBeLessThanOrEqual(998);
  }
}

describe('composeInvitationMail', () => {
  it('carries every header of the design, with the service as sender', async () => {
    const mail = composeInvitationMail(invitationInput(), settings);
    expect(mail.from).toEqual({ name: 'Alice Smith via Kindly', address: 'invitations@kindly.example' });
    expect(mail.replyTo).toBe('alice@example.com');
    expect(mail.envelope).toEqual({
      from: `bounce+${tokens.bounce}@kindly.example`,
      to: 'bob@example.org',
    });
    expect(mail.messageId).toBe('msg_abc123@kindly.example');
    expect(mail.subject).toBe('Alice Smith invited you to connect on Kindly');

    const { raw, parsed } = await renderAndParse(mail);
    expectSaneHeaders(raw);
    expect(addresses(parsed.from)).toEqual([
      { name: 'Alice Smith via Kindly', address: 'invitations@kindly.example' },
    ]);
    expect(addresses(parsed.to).map((a) => a.address)).toEqual(['bob@example.org']);
    expect(addresses(parsed.replyTo).map((a) => a.address)).toEqual(['alice@example.com']);
    expect(parsed.messageId).toBe('<msg_abc123@kindly.example>');
    expect(parsed.date?.toISOString()).toBe('2026-03-03T10:00:05.000Z');
    expect(header(parsed, 'List-Unsubscribe')).toBe(
      `<${links.stop}>, <mailto:unsubscribe+${tokens.stop}@kindly.example>`,
    );
    expect(header(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(parsed, 'Auto-Submitted')).toBe('auto-generated');
    expect(header(parsed, 'Feedback-ID')).toBe('invitation:kindly');
    expect(header(parsed, 'X-Kindly-Kind')).toBe('invitation');
    expect(header(parsed, 'X-Kindly-Message')).toBe('msg_abc123');
    expect(header(parsed, 'Content-Type')).toMatch(/^multipart\/alternative;/);
    expect(parsed.text).toContain('Alice Smith (alice@example.com) invited you to connect on Kindly.');
    expect(parsed.html).toContain('Alice Smith (alice@example.com) invited you to connect on Kindly.');
  });

  it('marks reminders in the subject, kind and feedback id', () => {
    const mail = composeInvitationMail(invitationInput({ kind: 'reminder', reminderNumber: 1 }), settings);
    expect(mail.subject).toBe('Reminder: Alice Smith invited you to connect on Kindly');
    expect(mail.headers['X-Kindly-Kind']).toBe('reminder');
    expect(mail.headers['Feedback-ID']).toBe('reminder:kindly');
  });

  it('sets Reply-To only when the inviter allows it', async () => {
    const input = invitationInput({
      inviter: { name: 'Alice Smith', email: 'alice@example.com', allowReplyTo: false },
    });
    const mail = composeInvitationMail(input, settings);
    expect(mail.replyTo).toBeUndefined();
    const { raw, parsed } = await renderAndParse(mail);
    expect(parsed.replyTo).toBeUndefined();
    expect(raw).not.toContain('alice@example.com>');
    expect(mail.text).not.toContain('Replying to this e-mail');
    // The inviter is still named in full in the body.
    expect(mail.text).toContain('Alice Smith (alice@example.com)');
  });

  it('quotes the note verbatim in text and escaped in HTML', async () => {
    const note = '<script>alert(1)</script> & "x"';
    const mail = composeInvitationMail(invitationInput({ note }), settings);
    expect(mail.text).toContain(`> ${note}`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    const { parsed } = await renderAndParse(mail);
    expect(parsed.text).toContain(note);
    expect(parsed.html).not.toContain('<script>');
  });

  it('keeps a multi-line note quoted line by line and leaves out an empty one', () => {
    const mail = composeInvitationMail(invitationInput({ note: 'one\r\ntwo' }), settings);
    expect(mail.text).toContain('> one\n> two');
    expect(mail.html).toContain('one<br>\ntwo');
    const none = composeInvitationMail(invitationInput({ note: '   ' }), settings);
    expect(none.text).not.toContain('added a note');
    expect(none.html).not.toContain('<blockquote');
  });

  it('escapes the inviter name and address in HTML', () => {
    const input = invitationInput({
      inviter: { name: '<b>Mallory</b> & "Co"', email: "o'hara@example.com", allowReplyTo: true },
    });
    const { html } = composeInvitationMail(input, settings);
    expect(html).not.toContain('<b>Mallory');
    expect(html).toContain('&lt;b&gt;Mallory&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('o&#39;hara@example.com');
  });

  it('keeps a header-injection attempt in the name out of the headers', async () => {
    const input = invitationInput({
      inviter: { name: 'Alice\r\nBcc: evil@example.com', email: 'alice@example.com', allowReplyTo: true },
    });
    const mail = composeInvitationMail(input, settings);
    // The name fails today's name rules (a line break, an address), so mail does not show it at all.
    expect(mail.from.name).toBe('A member via Kindly');
    expect(mail.subject).toBe('A member invited you to connect on Kindly');

    const { raw, parsed } = await renderAndParse(mail);
    expectSaneHeaders(raw);
    const lines = headerLines(raw);
    expect(lines.filter((l) => /^bcc:/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^from:/i.test(l))).toHaveLength(1);
    expect(parsed.bcc).toBeUndefined();
    expect(addresses(parsed.from)).toEqual([
      { name: 'A member via Kindly', address: 'invitations@kindly.example' },
    ]);
    expect(addresses(parsed.to).map((a) => a.address)).toEqual(['bob@example.org']);
  });

  it.each([
    ['a right-to-left override', 'Alice\u202e ylkniK aiv'],
    ['the brand', 'Kindly Security Team'],
    ['a look-alike of the brand', 'K\u0456ndly'],
    ['a domain', 'Your account is blocked, verify at evil.example'],
    ['an encoded word', '=?utf-8?B?QWxpY2U=?='],
    ['NEL', 'Bob\u0085Smith'],
    ['only a Hangul filler', '\u3164'],
    ['nothing', ''],
  ])('does not show a stored name with %s, in From, Subject or body', async (_what, name) => {
    const input = invitationInput({ inviter: { name, email: 'alice@example.com', allowReplyTo: true } });
    const mail = composeInvitationMail(input, settings);
    expect(mail.from.name).toBe(`${UNNAMED_MEMBER} via Kindly`);
    expect(mail.subject).toBe(`${UNNAMED_MEMBER} invited you to connect on Kindly`);
    expect(mail.text).toContain(`${UNNAMED_MEMBER} (alice@example.com) invited you to connect on Kindly.`);
    if (name.length > 0) {
      for (const part of [mail.text, mail.html]) expect(part).not.toContain(name);
    }
  });

  it('checks the name against the brand the mail is sent under', () => {
    const acme = { ...settings, brand: 'Acme' };
    const named = (name: string) =>
      composeInvitationMail(
        invitationInput({ inviter: { name, email: 'a@example.com', allowReplyTo: true } }),
        acme,
      );
    expect(named('Acme Billing').from.name).toBe('A member via Acme');
    expect(named('Kindly Person').from.name).toBe('Kindly Person via Acme');
  });

  it('never lets any inviter name add an address or a header', async () => {
    const nameChars = fc.oneof(
      fc.constantFrom(
        '\r',
        '\n',
        '\r\n',
        '"',
        '<',
        '>',
        ',',
        ';',
        ':',
        '@',
        '\\',
        '=?utf-8?q?',
        '\t',
        '\u2028',
        '\u202e',
        '\u200b',
        '\u0085',
        'Kindly',
        'K\u0456ndly',
        'evil.example',
      ),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    const names = fc.array(nameChars, { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const input = invitationInput({ inviter: { name, email: 'alice@example.com', allowReplyTo: true } });
        const mail = composeInvitationMail(input, settings);
        const { raw, parsed } = await renderAndParse(mail);
        expectSaneHeaders(raw);
        expect(parsed.bcc).toBeUndefined();
        expect(parsed.cc).toBeUndefined();
        expect(addresses(parsed.from).map((a) => a.address)).toEqual(['invitations@kindly.example']);
        expect(addresses(parsed.to).map((a) => a.address)).toEqual(['bob@example.org']);
        expect(addresses(parsed.replyTo).map((a) => a.address)).toEqual(['alice@example.com']);
        const shown = shownName(name, 'Kindly');
        expect(shown === UNNAMED_MEMBER || displayNameProblem(shown, { brand: 'Kindly' }) === undefined).toBe(
          true,
        );
        expect(showsBrand(shown, 'Kindly')).toBe(false);
        expect(addresses(parsed.from)[0]?.name).toBe(`${shown} via Kindly`);
        expect(parsed.subject).toBe(`${shown} invited you to connect on Kindly`);
      }),
      { numRuns: 150 },
    );
  });

  it('encodes a non-ASCII name and gets it back intact', async () => {
    const input = invitationInput({
      inviter: { name: 'Zoë Ångström-Ñúñez', email: 'zoe@example.com', allowReplyTo: true },
    });
    const { raw, parsed } = await renderAndParse(composeInvitationMail(input, settings));
    expect(headerLines(raw).every((l) => /^[\x20-\x7e\t]*$/.test(l))).toBe(true);
    expect(addresses(parsed.from)[0]?.name).toBe('Zoë Ångström-Ñúñez via Kindly');
    expect(parsed.subject).toBe('Zoë Ångström-Ñúñez invited you to connect on Kindly');
  });

  it('links every action with its token, in text and HTML', () => {
    const { text, html } = composeInvitationMail(invitationInput(), settings);
    expect(text).toContain(`Accept: ${links.accept}`);
    expect(text).toContain(`No thanks: ${links.decline}`);
    expect(text).toContain(`Never e-mail me again: ${links.stop}`);
    expect(text).toContain(`Block Alice Smith: ${links.block}`);
    expect(text).toContain(`See the invitation: ${links.landing}`);
    for (const url of Object.values(links)) expect(html).toContain(`href="${url}"`);
  });

  it('gives Accept, No thanks and Never e-mail me again the same button, with Block beside them', () => {
    const { html } = composeInvitationMail(invitationInput(), settings);
    const styleOf = (label: string) =>
      new RegExp(`<a href="[^"]*" style="([^"]*)">${label}</a>`).exec(html)?.[1];
    const accept = styleOf('Accept');
    expect(accept).toMatch(/width:\d+px/);
    expect(styleOf('No thanks')).toBe(accept);
    expect(styleOf('Never e-mail me again')).toBe(accept);
    expect(styleOf('Block Alice Smith')).toBeDefined();
    // Inline styles only: mail clients strip style sheets.
    expect(html).not.toMatch(/<style|<link|class=/);
  });

  it('says how the address came to Kindly', () => {
    const text = (source: 'entered' | 'contacts' | 'member') =>
      composeInvitationMail(invitationInput({ source }), settings).text;
    expect(text('entered')).toContain('Alice Smith entered your address on 3 March 2026.');
    expect(text('contacts')).toContain("from Alice Smith's contacts");
    expect(text('member')).toContain('You are a member of Kindly');
  });

  it('discloses how many reminders follow, when, and how to stop them', () => {
    const compose = (remindersPlanned: number, reminderDates: Date[]) =>
      composeInvitationMail(invitationInput({ remindersPlanned, reminderDates }), settings);

    const none = compose(0, []);
    expect(none.text).toContain('Kindly will not remind you about this invitation.');
    expect(none.html).toContain('Kindly will not remind you about this invitation.');
    expect(none.text).toContain('To get no mail at all from Kindly, choose Never e-mail me again.');

    const one = compose(1, [new Date('2026-03-10T10:00:00Z')]);
    expect(one.text).toContain('You will get one reminder, on 10 March 2026, unless you answer or stop it.');
    expect(one.text).toContain('Accept, No thanks, Block or Never e-mail me again each stop the reminders.');

    const two = compose(2, [new Date('2026-03-10T10:00:00Z'), new Date('2026-03-17T10:00:00Z')]);
    expect(two.text).toContain(
      'You will get two reminders, on 10 March 2026 and 17 March 2026, unless you answer or stop them.',
    );
    expect(two.html).toContain('on 10 March 2026 and 17 March 2026');

    // Without matching dates the count alone is disclosed rather than a wrong date.
    expect(compose(2, []).text).toContain('You will get two reminders unless you answer or stop them.');
  });

  it('states the expiry date and the postal address in both parts', () => {
    const { text, html } = composeInvitationMail(invitationInput(), settings);
    for (const body of [text, html]) {
      expect(body).toContain('This invitation expires on 2 April 2026.');
      expect(body).toContain(settings.postalAddress);
    }
  });

  it('tells a reminder which one it is and whether more follow', () => {
    const dates = [new Date('2026-03-10T10:00:00Z'), new Date('2026-03-17T10:00:00Z')];
    const first = composeInvitationMail(
      invitationInput({ kind: 'reminder', reminderNumber: 1, remindersPlanned: 2, reminderDates: dates }),
      settings,
    );
    expect(first.text).toContain('This is the first of two reminders about this invitation.');
    expect(first.text).toContain(
      'The second and last one will follow on 17 March 2026 unless you answer or stop it.',
    );

    const last = composeInvitationMail(
      invitationInput({ kind: 'reminder', reminderNumber: 2, remindersPlanned: 2, reminderDates: dates }),
      settings,
    );
    expect(last.text).toContain('This is the last reminder about this invitation.');
    expect(last.text).toContain('No more reminders will follow.');
    expect(last.html).toContain('This is the last reminder');

    const only = composeInvitationMail(invitationInput({ kind: 'reminder', reminderNumber: 1 }), settings);
    expect(only.text).toContain('This is the last reminder about this invitation.');
    expect(only.text).toContain('invited you on 3 March 2026 to connect on Kindly');
  });

  it('refuses addresses and tokens that could break a header', () => {
    expect(() =>
      composeInvitationMail(invitationInput({ to: 'bob@example.org\r\nBcc: x@y.z' }), settings),
    ).toThrow(KindlyError);
    expect(() =>
      composeInvitationMail(
        invitationInput({ inviter: { name: 'A', email: 'a@example.com>\nX: y', allowReplyTo: true } }),
        settings,
      ),
    ).toThrow(KindlyError);
    expect(() =>
      composeInvitationMail(
        invitationInput({ tokens: { ...invitationInput().tokens, stop: 'a b>' } }),
        settings,
      ),
    ).toThrow(KindlyError);
    expect(() => composeInvitationMail(invitationInput({ messageId: 'msg\r\nX: y' }), settings)).toThrow(
      KindlyError,
    );
  });

  it('is pure: the same input gives the same mail', () => {
    expect(composeInvitationMail(invitationInput(), settings)).toEqual(
      composeInvitationMail(invitationInput(), settings),
    );
  });
});
