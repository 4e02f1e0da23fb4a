import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { showsBrand } from './brand-lookalike.js';
import { checkDisplayName, displayNameProblem, isNameErrorCode, nameErrorCodes } from './display-name.js';
import { KindlyError } from './errors.js';
import { findLinkText } from './link-text.js';

const rules = { brand: 'Kindly', maxLength: 100 };
const codeOf = (name: string, options = rules) => displayNameProblem(name, options)?.code;

/** Names from several scripts that must pass, to build properties on. */
const goodName = fc.constantFrom(
  'Alice Archer',
  'Zoë Ångström-Ñúñez',
  'José María',
  'Łukasz Żółć',
  'Ólafur Arnalds',
  '李小龍',
  '山田 太郎',
  'Нина Петрова',
  'Νίκος',
  'محمد علي',
  'علی\u200cرضا',
  'דוד לוי',
  'अनुष्का शर्मा',
  'ஸ்ரீ',
  'Nguyễn Văn An',
  "O'Brien",
  'J. R. R. Tolkien',
  'Ada \u{1f469}\u200d\u{1f4bb}',
  'R2D2',
);

describe('checkDisplayName', () => {
  it.each([
    ['Alice\u202e ylkniK aiv', 'name_bidi_control'],
    ['\u2066Alice', 'name_bidi_control'],
    ['\u3164', 'name_invisible_characters'],
    ['\u115f\u1160', 'name_invisible_characters'],
    ['\uffa0', 'name_invisible_characters'],
    ['\u200b', 'name_invisible_characters'],
    ['Al\u2060ice', 'name_invisible_characters'],
    ['Alice\u{e0041}', 'name_invisible_characters'],
    ['\ufe0fAlice', 'name_invisible_characters'],
    ['\u200dAlice', 'name_invisible_characters'],
    ['Alice \u200d', 'name_invisible_characters'],
    ['Bob\u0085', 'name_control_characters'],
    ['Bob\u0000', 'name_control_characters'],
    ['Bob\tSmith', 'name_control_characters'],
    ['Bob\u007f', 'name_control_characters'],
    ['=?utf-8?Q?Alice?=', 'name_encoded_word'],
    ['=?UTF-8?b?QWxpY2U=?= via', 'name_encoded_word'],
    ['Kindly Security Team', 'name_brand'],
    ['Your account is blocked, verify at evil.example', 'name_url'],
    ['http://localhost', 'name_url'],
    ['Bob 203.0.113.7', 'name_url'],
    ['kindly-support.help', 'name_url'],
    ['-', 'name_no_letters'],
    ['\u{1f600}\u{1f600}', 'name_no_letters'],
    ['', 'invalid_name'],
    ['x'.repeat(101), 'invalid_name'],
    ['\ue000', 'invalid_name'],
    ['\u0378', 'invalid_name'],
    ['x\u0301\u0302\u0303\u0304\u0305', 'invalid_name'],
  ])('refuses %j with %s', (name, code) => {
    expect(codeOf(name)).toBe(code);
    expect(() => checkDisplayName(name, rules)).toThrow(KindlyError);
  });

  it('says what to change, naming invisible characters by code point only', () => {
    const problem = displayNameProblem('Ali\u200bce', rules);
    expect(problem).toEqual({
      code: 'name_invisible_characters',
      detail: 'A name must not contain invisible characters; remove U+200B.',
    });
  });

  it('normalises: NFC, white space collapsed and trimmed', () => {
    expect(checkDisplayName('  Zoe\u0308\u3000  Smith ', rules)).toBe('Zoë Smith');
  });

  it('accepts names of every script, and joiners and selectors between visible characters', () => {
    fc.assert(
      fc.property(goodName, (name) => {
        expect(displayNameProblem(name, rules)).toBeUndefined();
      }),
    );
    expect(codeOf('\u2764\ufe0f Ann')).toBeUndefined();
  });

  it('is idempotent, and what it returns has no control, direction or lone invisible character', () => {
    const piece = fc.oneof(goodName, fc.string({ unit: 'grapheme', maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), (pieces) => {
        const input = pieces.join(' ');
        if (displayNameProblem(input, rules) !== undefined) return;
        const name = checkDisplayName(input, rules);
        expect(checkDisplayName(name, rules)).toBe(name);
        expect(name).toBe(name.normalize('NFC'));
        expect(name).not.toMatch(/[\p{Cc}\p{Bidi_Control}\u2028\u2029\u200b\u3164]/u);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any good name with a direction, control or invisible character put anywhere in it', () => {
    const bad = fc.constantFrom(
      ['\u202e', 'name_bidi_control'],
      ['\u2067', 'name_bidi_control'],
      ['\u200f', 'name_bidi_control'],
      ['\u061c', 'name_bidi_control'],
      ['\u0085', 'name_control_characters'],
      ['\u009b', 'name_control_characters'],
      ['\n', 'name_control_characters'],
      ['\u200b', 'name_invisible_characters'],
      ['\u3164', 'name_invisible_characters'],
      ['\u00ad', 'name_invisible_characters'],
      ['\u2800', 'name_invisible_characters'],
    );
    fc.assert(
      fc.property(goodName, bad, fc.nat(), (name, [char, code], at) => {
        const chars = [...name];
        const i = at % (chars.length + 1);
        const spoiled = [...chars.slice(0, i), char, ...chars.slice(i)].join('');
        expect(codeOf(spoiled)).toBe(code);
      }),
    );
  });

  it('refuses the brand however it is disguised: case, confusables, accents, spacing', () => {
    const lookalikes: Record<string, string[]> = {
      k: ['K', 'k', '\u039a', '\u041a', '\u{1d40a}', '\uff2b', '\u212a'],
      i: ['i', 'I', '\u0456', '\u0131', '1', 'l', '|', '\u00ef', '\u00ed', '\u2170', '\u13a5'],
      n: ['n', 'N', '\u0578', '\u00f1', '\uff4e', '\u039d'],
      d: ['d', 'D', '\u0501', '\u217e', '\u13a0'],
      l: ['l', 'L', '1', 'I', '|', '\u04cf', '\u217c', '\u0399'],
      y: ['y', 'Y', '\u0443', '\u04af', '\u00fd', '\u03a5'],
    };
    const letter = (key: string) => fc.constantFrom(...(lookalikes[key] ?? []));
    const gap = fc.constantFrom('', '', '', ' ', '-', '.', '_');
    const forged = fc
      .tuple(
        letter('k'),
        gap,
        letter('i'),
        gap,
        letter('n'),
        gap,
        letter('d'),
        gap,
        letter('l'),
        gap,
        letter('y'),
      )
      .map((parts) => parts.join(''));
    const around = fc.constantFrom('', 'Team ', 'The ', 'Support', ' Security Team', ' Billing');
    fc.assert(
      fc.property(around, forged, around, (before, brand, after) => {
        const name = `${before}${brand}${after}`;
        const problem = displayNameProblem(name, rules);
        // A disguise that happens to look like a link is refused as one: either way it never passes.
        expect(problem?.code ?? 'passed').toMatch(/^name_(brand|url)$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('checks against the configured brand, not a fixed word', () => {
    expect(codeOf('Kindly Person', { brand: 'Acme', maxLength: 100 })).toBeUndefined();
    expect(codeOf('ACME Billing', { brand: 'Acme', maxLength: 100 })).toBe('name_brand');
    expect(codeOf('Αcme Billing', { brand: 'Acme', maxLength: 100 })).toBe('name_brand');
  });

  it('has a code for each problem, all known to the error table', () => {
    expect(new Set(nameErrorCodes).size).toBe(nameErrorCodes.length);
    expect(nameErrorCodes.every(isNameErrorCode)).toBe(true);
    expect(isNameErrorCode('invalid_email')).toBe(false);
  });
});

describe('showsBrand', () => {
  it.each([
    ['Kindly', 'Kindly', true],
    ['kindly', 'Kindly', true],
    ['K\u0456ndly', 'Kindly', true],
    ['K1ndly', 'Kindly', true],
    ['KlNDLY', 'Kindly', true],
    ['Kïndly', 'Kindly', true],
    ['TeamKindly', 'Kindly', true],
    ['Kind Lyons', 'Kindly', true],
    ['Kindle Fan', 'Kindly', false],
    ['Kinda Lee', 'Kindly', false],
    ['Hubert', 'Hub', false],
    ['The Hub Team', 'Hub', true],
    ['Josh Ub', 'Hub', false],
    ['My Network Admin', 'My Network', true],
    ['anything', '', false],
  ])('%j shows %j: %s', (text, brand, shows) => {
    expect(showsBrand(text, brand)).toBe(shows);
  });
});

describe('findLinkText', () => {
  it.each([
    ['verify at evil.example', 'evil.example'],
    ['see https://x.test/a', 'https://x.test/a'],
    ['mail admin@bank.example', 'admin@bank.example'],
    ['go to kindly.app now', 'kindly.app'],
    ['ＥＶＩＬ．ＥＸＡＭＰＬＥ', 'EVIL.EXAMPLE'],
    ['evil\u3002example', 'evil.example'],
    ['10.0.0.1', '10.0.0.1'],
  ])('finds a link in %j', (text, link) => {
    expect(findLinkText(text)).toBe(link);
  });

  it.each(['J.Smith', 'Dr. Who', 'St.John', 'J. R. R. Tolkien', 'Mary-Jane', 'O.K. Computer'])(
    'finds none in %j',
    (text) => {
      expect(findLinkText(text)).toBeUndefined();
    },
  );
});
