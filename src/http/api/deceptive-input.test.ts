/**
 * Names, notes and addresses that would deceive a recipient, through the JSON API: each is refused
 * with its own problem code and a detail saying what to change, or folded into the one key of the
 * mailbox it reaches. The validators' own tests are in src/core; this is what an app sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInviterTestApp, type JsonResponse, type TestApp } from '../../testing/test-app.js';

describe('deceptive input over HTTP', () => {
  let t: TestApp;
  let alice: string;
  let count = 0;
  /** A fresh address per request, so no test runs into another's member or invitation. */
  const fresh = () => {
    count += 1;
    return `person${count}@example.net`;
  };

  beforeAll(async () => {
    const app = await createInviterTestApp();
    t = app;
    alice = app.inviterId;
  });
  afterAll(() => t.cleanup());

  async function expectProblem(response: JsonResponse, code: string, detail?: RegExp) {
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await response.json();
    expect(body).toMatchObject({ code, status: 422, type: `/problems/${code}` });
    if (detail) expect(body.detail).toMatch(detail);
    return body as { detail: string };
  }

  describe('member names', () => {
    it.each([
      [
        'a right-to-left override that reverses " via Kindly"',
        'Alice\u202e ylkniK aiv',
        'name_bidi_control',
        /U\+202E/,
      ],
      ['a right-to-left isolate', 'Alice \u2067Bob', 'name_bidi_control', /U\+2067/],
      ['an Arabic letter mark', 'Alice\u061c', 'name_bidi_control', /U\+061C/],
      ['a left-to-right mark', '\u200eAlice', 'name_bidi_control', /U\+200E/],
      ['only U+3164 HANGUL FILLER', '\u3164', 'name_invisible_characters', /U\+3164/],
      ['only zero-width spaces', '\u200b\u200b\u200b', 'name_invisible_characters', /U\+200B/],
      ['a soft hyphen', 'Ali\u00adce', 'name_invisible_characters', /U\+00AD/],
      [
        'blank Braille patterns pushing the brand away',
        `Alice${'\u2800'.repeat(40)}`,
        'name_invisible_characters',
        /U\+2800/,
      ],
      ['"Kindly Security Team"', 'Kindly Security Team', 'name_brand', /"Kindly"/],
      ['"KINDLY Security Team"', 'KINDLY Security Team', 'name_brand', /via Kindly/],
      ['"Kіndly" with a Cyrillic i', 'K\u0456ndly Support', 'name_brand', undefined],
      ['"K1ndly"', 'K1ndly', 'name_brand', undefined],
      ['"Kïndly"', 'Kïndly', 'name_brand', undefined],
      ['full-width "ＫＩＮＤＬＹ"', 'ＫＩＮＤＬＹ', 'name_brand', undefined],
      ['"K i n d l y"', 'K i n d l y', 'name_brand', undefined],
      [
        'a phishing sentence with a domain',
        'Your account is blocked, verify at evil.example',
        'name_url',
        /evil\.example/,
      ],
      ['a URL', 'Alice https://evil.example/login', 'name_url', undefined],
      ['an e-mail address', 'support@bank.example', 'name_url', undefined],
      ['a domain behind an ideographic full stop', 'evil\u3002example', 'name_url', undefined],
      [
        'an RFC 2047 encoded word',
        '=?utf-8?B?QWxpY2UNCkJjYzogZXZlQGV2aWwuZXhhbXBsZQ==?=',
        'name_encoded_word',
        /=\?/,
      ],
      ['a Q-encoded word', 'Bob =?iso-8859-1?Q?=0D=0A?=', 'name_encoded_word', undefined],
      ['NEL (U+0085)', 'Bob\u0085Smith', 'name_control_characters', /U\+0085/],
      ['a C1 control', 'Bob\u009b31m', 'name_control_characters', /U\+009B/],
      ['CR LF', 'Mallory\r\nBcc: eve@example.net', 'name_control_characters', /U\+000D/],
      ['a line separator', 'Mallory\u2028Bob', 'name_control_characters', /U\+2028/],
      ['only punctuation', '...', 'name_no_letters', /letter or digit/],
      ['only an emoji', '\u{1f600}', 'name_no_letters', undefined],
      ['nothing but spaces', '   ', 'invalid_name', /empty/],
      ['a private-use character', 'Apple \uf8ff', 'invalid_name', /U\+F8FF/],
    ])('refuses a name with %s', async (_what, name, code, detail) => {
      const response = await t.call('POST', '/v1/members', { email: fresh(), name });
      const body = await expectProblem(response, code, detail);
      // Invisible characters are named by code point, never echoed into the detail.
      expect(body.detail).not.toMatch(/[\u200b\u202e\u3164\u0085\u2800]/u);
    });

    it.each([
      ['accents', 'Zoë Ångström-Ñúñez'],
      ['CJK', '李小龍'],
      ['Persian with a zero-width non-joiner between letters', 'علی\u200cرضا'],
      ['an emoji sequence beside a name', 'Ada \u{1f469}\u200d\u{1f4bb}'],
      ['initials', 'J. R. R. Tolkien'],
      ['a dotted initial without a space', 'J.Smith'],
      ['digits only', '42'],
      ['circled letters', 'Ⓐⓛⓘⓒⓔ'],
    ])('accepts a name with %s, normalised', async (_what, name) => {
      const response = await t.call('POST', '/v1/members', { email: fresh(), name: ` ${name}  ` });
      expect(response.status).toBe(201);
      expect((await response.json()).name).toBe(name.normalize('NFC'));
    });
  });

  describe('notes', () => {
    it.each([
      ['a right-to-left override', 'Click \u202eknil siht', 'note_bidi_control', /U\+202E/],
      ['a first-strong isolate', 'Hi \u2068Bob\u2069', 'note_bidi_control', /U\+2068/],
      ['NEL (U+0085)', 'line one\u0085line two', 'note_control_characters', /U\+0085/],
      ['a C1 control', 'x\u0090', 'note_control_characters', /U\+0090/],
      ['a bare CR', 'one\rtwo', 'note_control_characters', /U\+000D/],
      ['a bell', 'bell\u0007', 'note_control_characters', /U\+0007/],
      ['301 characters', 'x'.repeat(301), 'invalid_note', /300/],
    ])('refuses a note with %s', async (_what, note, code, detail) => {
      const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email: fresh(), note });
      await expectProblem(response, code, detail);
    });

    it('keeps line breaks, tabs and emoji joiners in a note', async () => {
      const note = 'Hi Bob,\n\tsee you \u{1f469}\u200d\u{1f4bb}';
      const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email: fresh(), note });
      expect(response.status).toBe(201);
      expect((await response.json()).note).toBe(note);
    });
  });

  describe('addresses', () => {
    it.each([['recipient@0x7f.1'], ['recipient@2130706433'], ['a@127.1'], ['a@1.2.3.4'], ['a@example.0x1f']])(
      'refuses the numeric "domain" of %s, in invitations and members',
      async (email) => {
        const invitation = await t.call('POST', '/v1/invitations', { inviterId: alice, email });
        await expectProblem(invitation, 'invalid_email', /in brackets/);
        await expectProblem(await t.call('POST', '/v1/members', { email, name: 'Rex' }), 'invalid_email');
      },
    );

    it('accepts an address literal in brackets, as sent', async () => {
      const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email: 'a@[127.0.0.1]' });
      expect(response.status).toBe(201);
      expect((await response.json()).recipient.email).toBe('a@[127.0.0.1]');
    });

    it('refuses an address that is short as typed but over 254 octets as sent', async () => {
      const email = `recipient@${'üx.'.repeat(17)}${'x'.repeat(60)}.${'y'.repeat(38)}.org`;
      expect(Buffer.byteLength(email)).toBe(181);
      const response = await t.call('POST', '/v1/invitations', { inviterId: alice, email });
      await expectProblem(response, 'invalid_email', /253 octets as sent/);
    });

    it('answers with the form sent, the domain in A-labels', async () => {
      const response = await t.call('POST', '/v1/invitations', {
        inviterId: alice,
        email: 'Jane@Bücher.Example',
      });
      expect(response.status).toBe(201);
      expect((await response.json()).recipient.email).toBe('Jane@xn--bcher-kva.example');
    });

    async function suppressedFor(email: string): Promise<boolean> {
      const response = await t.call('GET', `/v1/suppressions/check?email=${encodeURIComponent(email)}`);
      expect(response.status).toBe(200);
      return (await response.json()).suppressed;
    }

    it.each([
      ['weiß@example.de', 'WEISS@example.de'],
      ['WEISS@example.com', 'weiß@example.com'],
      ['bob@outlook.com', 'bob+hi@outlook.com'],
      ['carol@hotmail.co.uk', 'Carol+news@Hotmail.co.uk'],
      ['dave@icloud.com', 'dave+x@icloud.com'],
      ['erin@me.com', 'erin+x@me.com'],
      ['frank@fastmail.com', 'frank+x@fastmail.com'],
      ['grace@proton.me', 'grace+x@proton.me'],
      ['heidi@pm.me', 'heidi+x@pm.me'],
      ['Jane.Doe+x@GMAIL.com', 'janedoe@googlemail.com'],
      ['ivan@bücher.example', 'IVAN@xn--bcher-kva.example'],
    ])('an opt-out of %s also covers %s', async (suppressed, other) => {
      expect(await suppressedFor(other)).toBe(false);
      const added = await t.call('POST', '/v1/suppressions', { email: suppressed, reason: 'request' });
      expect(added.status).toBe(201);
      expect(await suppressedFor(other)).toBe(true);
    });

    it('keeps +tags apart where the provider is not known to fold them', async () => {
      await t.call('POST', '/v1/suppressions', { email: 'judy@example.com', reason: 'request' });
      expect(await suppressedFor('judy+x@example.com')).toBe(false);
    });

    it('folds the same way in the suppression import and in members', async () => {
      const imported = await t.call('POST', '/v1/suppressions/import', {
        emails: [
          'kim@live.com',
          'kim+a@live.com',
          'KIM+b@LIVE.com',
          'straße@example.org',
          'STRASSE@example.org',
        ],
      });
      expect(await imported.json()).toMatchObject({ read: 5, added: 2, existing: 3, invalid: [] });
      const first = await t.call('POST', '/v1/members', { email: 'leo@outlook.com', name: 'Leo' });
      expect(first.status).toBe(201);
      const again = await t.call('POST', '/v1/members', { email: 'Leo+work@Outlook.com', name: 'Leo' });
      expect(again.status).toBe(409);
      expect((await again.json()).code).toBe('member_exists');
    });
  });
});
