import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../testing/corpora.js';
import { checkAddress, parseAddress } from './address.js';
import { canonicalAddress } from './canonical-address.js';
import { KindlyError } from './errors.js';

// --- The isemail corpus, read in place from the shared corpora (never copied into the repo). ---

type CorpusCase = { id: number; address: string; category: string; diagnosis: string; label: string };

const corpusFile = 'addresses/isemail-tests.xml';
const noCorpus = !hasCorpus(corpusFile, 'the isemail corpus tests of checkAddress');

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return namedEntities[name] ?? entity;
    })
    .replace(/[\u2400-\u241f]/g, (symbol) => String.fromCharCode(symbol.charCodeAt(0) - 0x2400));
}

function element(block: string, name: string): string {
  if (new RegExp(`<${name}\\s*/>`).test(block)) return '';
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
  if (!match) throw new Error(`corpus test without <${name}>: ${block}`);
  return decodeXmlText(match[1] ?? '');
}

function loadCorpus(): CorpusCase[] {
  const xml = readFileSync(corpusPath(corpusFile), 'utf8');
  return [...xml.matchAll(/<test id="(\d+)">([\s\S]*?)<\/test>/g)].map(([, id, block = '']) => {
    const address = element(block, 'address');
    return {
      id: Number(id),
      address,
      category: element(block, 'category'),
      diagnosis: element(block, 'diagnosis'),
      label: JSON.stringify(address),
    };
  });
}

const acceptedCategories = new Set(['ISEMAIL_VALID_CATEGORY', 'ISEMAIL_DNSWARN', 'ISEMAIL_RFC5321']);
/** Valid for isemail, refused by decision: resolvers read a numeric last label as an IPv4 number. */
const refusedByDecision = new Set(['ISEMAIL_RFC5321_TLDNUMERIC']);
const isAccepted = (test: CorpusCase) =>
  acceptedCategories.has(test.category) && !refusedByDecision.has(test.diagnosis);

describe.skipIf(noCorpus)('the isemail corpus', () => {
  // vitest collects a skipped suite too (to list its tests as skipped): read only what is there.
  const corpus = noCorpus ? [] : loadCorpus();
  const accepted = corpus.filter(isAccepted);
  const refused = corpus.filter((test) => !isAccepted(test));

  it('is parsed completely', () => {
    const counts: Record<string, number> = {};
    for (const test of corpus) counts[test.category] = (counts[test.category] ?? 0) + 1;
    expect(corpus).toHaveLength(164);
    expect(counts).toEqual({
      ISEMAIL_ERR: 66,
      ISEMAIL_VALID_CATEGORY: 14,
      ISEMAIL_DNSWARN: 8,
      ISEMAIL_RFC5321: 16,
      ISEMAIL_CFWS: 10,
      ISEMAIL_DEPREC: 20,
      ISEMAIL_RFC5322: 30,
    });
    expect(accepted).toHaveLength(36);
    expect(refused).toHaveLength(128);
  });

  it('restores control characters and entities', () => {
    expect(corpus.find((test) => test.id === 57)?.address).toBe('"test\u0000"@iana.org');
    expect(corpus.find((test) => test.id === 88)?.address).toBe('\r\n test@iana.org');
    expect(corpus.find((test) => test.id === 19)?.address).toBe('!#$%&`*+/=?^`{|}~@iana.org');
    expect(corpus.find((test) => test.id === 1)?.address).toBe('');
  });

  it.each(accepted)('#$id $label ($diagnosis) is accepted', ({ address }) => {
    expect(checkAddress(address).ok).toBe(true);
  });

  it.each(refused)('#$id $label ($category: $diagnosis) is refused', ({ address }) => {
    const verdict = checkAddress(address);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/\S/);
  });
});

describe('checkAddress', () => {
  it.each([
    ['a display name', '"Bob" <bob@example.com>'],
    ['angle brackets', '<bob@example.com>'],
    ['a header injection', 'bob@example.com\r\nBcc: x@y'],
    ['a trailing line feed', 'bob@example.com\n'],
    ['a leading space', ' bob@example.com'],
    ['a trailing tab', 'bob@example.com\t'],
    ['a NUL', 'bob\u0000@example.com'],
    ['a C1 control character', 'bob\u0085@example.com'],
    ['a 255-octet address', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`],
    ['a 65-octet local part', `${'a'.repeat(65)}@example.com`],
    ['a 65-octet UTF-8 local part', `${'ö'.repeat(32)}a@example.com`],
    ['a 64-octet label', `a@${'b'.repeat(64)}.com`],
    ['an empty label', 'a@example..com'],
    ['a trailing dot in the domain', 'a@example.com.'],
    ['an underscore in the domain', 'a@exa_mple.com'],
    ['a comment', 'a(comment)@example.com'],
    ['an obsolete local part', 'a."b"@example.com'],
    ['a quoted pair of a non-ASCII character', '"\\ö"@example.com'],
    ['a right-to-left override', 'bob\u202e@example.com'],
    ['a non-breaking space', 'bob\u00a0x@example.com'],
    ['a lone surrogate', 'bob\ud800@example.com'],
    ['an invalid IDN label', 'a@xn--zz.com'],
    ['a label that IDNA maps to an IPv4 address', 'a@\uff11\uff12\uff13.com'],
    ['an IDN label with an underscore', 'a@b_ü.com'],
    ['a label hiding an ideographic full stop', 'a@b\u3002c.com'],
    ['a local part that is only a dot', '.@example.com'],
    ['a general address literal', 'a@[x400:anything]'],
    ['an IPv4 literal with an octet over 255', 'a@[1.2.3.256]'],
    ['an IPv6 literal with a 5-digit group', 'a@[IPv6:12345::1]'],
    ['an IPv6 literal with a triple colon', 'a@[IPv6:1:::2]'],
    ['an IPv6 literal with 7 groups and ::', 'a@[IPv6:1:2:3:4:5:6::7]'],
    ['an IPv6 literal with an invalid embedded IPv4', 'a@[IPv6:::ffff:1.2.3.999]'],
    ['an IPv6 literal with 5 groups, :: and IPv4', 'a@[IPv6:1:2:3:4:5::1.2.3.4]'],
    ['a hex and decimal "domain" (127.0.0.1)', 'recipient@0x7f.1'],
    ['a 32-bit decimal "domain" (127.0.0.1)', 'recipient@2130706433'],
    ['a short dotted "domain" (127.0.0.1)', 'a@127.1'],
    ['an unbracketed IPv4 address', 'a@1.2.3.4'],
    ['an unbracketed IPv4 address from the corpus', 'test@255.255.255.255'],
    ['a numeric TLD', 'test@iana.123'],
    ['a hex TLD', 'a@example.0X1F'],
    ['a bare 0x', 'a@example.0x'],
    ['a full-width numeric TLD', 'a@example.\uff11\uff12'],
  ])('refuses %s', (_name, address) => {
    expect(checkAddress(address).ok).toBe(false);
  });

  it('says why a numeric domain is refused and how to write an IP address', () => {
    expect(checkAddress('recipient@0x7f.1')).toEqual({
      ok: false,
      reason:
        'the domain ends in a number, which mail software reads as an IP address; write an IP address in brackets, such as [192.0.2.1]',
    });
  });

  it('counts the limits on the form sent: 181 octets as typed are 283 in IDNA A-labels', () => {
    const typed = `recipient@${'üx.'.repeat(17)}${'x'.repeat(60)}.${'y'.repeat(38)}.org`;
    expect(Buffer.byteLength(typed)).toBe(181);
    const asSent = `recipient@${'xn--x-xta.'.repeat(17)}${'x'.repeat(60)}.${'y'.repeat(38)}.org`;
    expect(Buffer.byteLength(asSent)).toBe(283);
    expect(checkAddress(typed)).toEqual({
      ok: false,
      reason: 'the domain is longer than 253 octets as sent (in IDNA A-labels)',
    });
    // Within the domain limit, the whole address is still judged as sent.
    const local = 'a'.repeat(60);
    const domain = `${'ß.'.repeat(30)}example`;
    expect(Buffer.byteLength(`${local}@${domain}`)).toBeLessThanOrEqual(254);
    expect(checkAddress(`${local}@${domain}`)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than 254/),
    });
  });

  it('counts the local part both as typed and as sent', () => {
    expect(checkAddress(`"${'\\a'.repeat(31)}"@example.com`)).toEqual({
      ok: true,
      address: `${'a'.repeat(31)}@example.com`,
    });
    expect(checkAddress(`"${'\\a'.repeat(32)}"@example.com`).ok).toBe(false);
    expect(checkAddress(`"${'a '.repeat(32)}"@example.com`).ok).toBe(false);
  });

  it.each([
    ['a plain address', 'bob@example.com'],
    ['an empty quoted local part', '""@iana.org'],
    ['a quoted pair', '"\\a"@iana.org'],
    ['an escaped space', '"test\\ test"@iana.org'],
    ['angle-free specials in quotes', '"a@b (c)"@example.com'],
    ['numeric labels before the last', 'test@255.255.255.example'],
    ['a hex-looking label before the last', 'a@0x7f.example'],
    ['a single label', 'test@org'],
    ['an IDN', 'jörg@bücher.example'],
    ['UTF-8 in a quoted local part', '"jörg müller"@example.com'],
    ['a Cyrillic address', 'почта@пример.рф'],
    ['an A-label domain', 'a@xn--bcher-kva.example'],
    ['an A-label domain in upper case', 'a@XN--BCHER-KVA.example'],
    ['an IPv4 literal with leading zeros', 'a@[192.000.002.001]'],
    ['an IPv4 literal', 'a@[192.0.2.1]'],
    ['an IPv6 literal', 'a@[IPv6:2001:db8::1]'],
    ['an IPv6 literal in lower case', 'a@[ipv6:2001:DB8::1]'],
    ['an IPv6 literal with embedded IPv4', 'a@[IPv6:::ffff:192.0.2.1]'],
    ['an IPv6 literal of only ::', 'a@[IPv6:::]'],
    ['a 254-octet address', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`],
  ])('accepts %s', (_name, address) => {
    expect(checkAddress(address).ok).toBe(true);
  });

  it.each([
    ['Jane.Doe+x@GMAIL.com', 'Jane.Doe+x@gmail.com'],
    ['Jane@Bücher.Example', 'Jane@xn--bcher-kva.example'],
    ['a@XN--BCHER-KVA.example', 'a@xn--bcher-kva.example'],
    ['jörg@xn--bcher-kva.example', 'jörg@bücher.example'],
    ['JÖRG@BÜCHER.example', 'JÖRG@bücher.example'],
    ['jo\u0308rg@example.com', 'jörg@example.com'],
    ['a@ＥＸＡＭＰＬＥ.com', 'a@example.com'],
    ['"test"@iana.org', 'test@iana.org'],
    ['"\\a"@iana.org', 'a@iana.org'],
    ['"test\\ test"@iana.org', '"test test"@iana.org'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['""@iana.org', '""@iana.org'],
    ['a@[IPv6:2001:DB8::1]', 'a@[ipv6:2001:db8::1]'],
    ['WEISS@example.de', 'WEISS@example.de'],
  ])('gives %s the form sent %s', (input, sent) => {
    expect(checkAddress(input)).toEqual({ ok: true, address: sent });
  });

  it('refuses any string containing CR or LF', () => {
    const withBreak = fc
      .tuple(
        fc.string({ unit: 'binary' }),
        fc.constantFrom('\r', '\n', '\r\n'),
        fc.string({ unit: 'binary' }),
      )
      .map((parts) => parts.join(''));
    fc.assert(fc.property(withBreak, (input) => !checkAddress(input).ok));
  });

  it('accepts the addresses fast-check generates and never throws on noise', () => {
    fc.assert(fc.property(fc.emailAddress(), (address) => checkAddress(address).ok));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        checkAddress(input);
      }),
    );
  });
});

describe('parseAddress', () => {
  it('returns the form sent: the local part as written, the domain as mail software writes it', () => {
    expect(parseAddress('Jane.Doe+x@GMAIL.com')).toBe('Jane.Doe+x@gmail.com');
  });

  it('is idempotent: the form sent is valid and its own form sent', () => {
    fc.assert(
      fc.property(validAddress(), (address) => {
        const sent = parseAddress(address);
        expect(parseAddress(sent)).toBe(sent);
        expect(canonicalAddress(sent)).toBe(canonicalAddress(address));
      }),
      { numRuns: 500 },
    );
  });

  it('throws an invalid_email KindlyError with a readable reason', () => {
    let error: unknown;
    try {
      parseAddress('"Bob" <bob@example.com>');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KindlyError);
    expect((error as KindlyError).code).toBe('invalid_email');
    expect((error as KindlyError).detail).toMatch(/display name/);
  });

  it('never echoes invisible characters in the reason', () => {
    expect(() => parseAddress('bob\u0007@example.com')).toThrow(/U\+0007/);
  });
});

describe('canonicalAddress', () => {
  it.each([
    ['Bob@Example.COM', 'bob@example.com'],
    ['jörg@bücher.example', 'jörg@xn--bcher-kva.example'],
    ['JÖRG@BÜCHER.example', 'jörg@xn--bcher-kva.example'],
    ['jo\u0308rg@example.com', 'jörg@example.com'],
    ['Jane.Doe+x@GMAIL.com', 'janedoe@gmail.com'],
    ['jane.doe@googlemail.com', 'janedoe@gmail.com'],
    ['j.a.n.e+x+y@gmail.com', 'jane@gmail.com'],
    ['+tag@gmail.com', '+tag@gmail.com'],
    ['jane.doe+x@example.com', 'jane.doe+x@example.com'],
    ['"Jane.Doe"@example.com', 'jane.doe@example.com'],
    ['"Jane.Doe"@gmail.com', 'janedoe@gmail.com'],
    ['"J\\ane"@example.com', 'jane@example.com'],
    ['"a b"@example.com', '"a b"@example.com'],
    ['"a\\ b"@example.com', '"a b"@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['""@example.com', '""@example.com'],
    ['a@[IPv6:2001:DB8::1]', 'a@[ipv6:2001:db8::1]'],
    // Unicode full case folding, not lower-casing: ß and SS are one, and so are ſ and s, ﬀ and ff.
    ['weiß@example.de', 'weiss@example.de'],
    ['WEISS@example.de', 'weiss@example.de'],
    ['Weiss@example.de', 'weiss@example.de'],
    ['STRAẞE@example.de', 'strasse@example.de'],
    ['ſam@example.com', 'sam@example.com'],
    ['ΣΊΣΥΦΟΣ@example.gr', 'σίσυφοσ@example.gr'],
    ['σίσυφος@example.gr', 'σίσυφοσ@example.gr'],
    // Sub-addressing at the providers that document it; dots only at Gmail.
    ['bob+hi@outlook.com', 'bob@outlook.com'],
    ['Bob.Smith+x@Hotmail.co.uk', 'bob.smith@hotmail.co.uk'],
    ['bob+x@live.com', 'bob@live.com'],
    ['bob+x@msn.com', 'bob@msn.com'],
    ['bob+x@icloud.com', 'bob@icloud.com'],
    ['bob+x@me.com', 'bob@me.com'],
    ['bob+x@mac.com', 'bob@mac.com'],
    ['bob+x@fastmail.com', 'bob@fastmail.com'],
    ['bob+x@fastmail.fm', 'bob@fastmail.fm'],
    ['bob+x@proton.me', 'bob@proton.me'],
    ['bob+x@protonmail.com', 'bob@protonmail.com'],
    ['bob+x@pm.me', 'bob@pm.me'],
    ['b.o.b+x@outlook.com', 'b.o.b@outlook.com'],
    ['+x@outlook.com', '+x@outlook.com'],
    ['"bob+x y"@outlook.com', '"bob+x y"@outlook.com'],
  ])('%s -> %s', (address, canonical) => {
    expect(canonicalAddress(parseAddress(address))).toBe(canonical);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(validAddress(), (address) => {
        const once = canonicalAddress(address);
        expect(canonicalAddress(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent and case-blind on letters whose case forms differ in length', () => {
    const letter = fc.constantFrom(
      ...'aZßẞſﬀﬃŉǅǄǆσςΣΐΰᾳᾼᾈİKÅΩΩµμΜ'.split(''),
      'e\u0301',
      'j\u030c',
      '\u03b9\u0345',
    );
    const local = fc.array(letter, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(local, (text) => {
        const address = `${text}@example.com`;
        if (!checkAddress(address).ok) return;
        const once = canonicalAddress(address);
        expect(canonicalAddress(once)).toBe(once);
        expect(canonicalAddress(parseAddress(address))).toBe(once);
        const upper = `${text.toUpperCase()}@example.com`;
        if (checkAddress(upper).ok) expect(canonicalAddress(upper)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('ignores the case of a valid address', () => {
    fc.assert(
      fc.property(validAddress(), (address) => {
        expect(canonicalAddress(address.toUpperCase())).toBe(canonicalAddress(address));
        expect(canonicalAddress(address.toLowerCase())).toBe(canonicalAddress(address));
      }),
      { numRuns: 300 },
    );
  });
});

/** Valid addresses across the shapes the validator accepts: dot-atoms, quoted strings, IDNs, literals. */
function validAddress(): fc.Arbitrary<string> {
  const atomChar = fc.constantFrom(..."aZ09!#$%&'*+-/=?^_`{|}~öÉжΩ");
  const atom = fc.string({ unit: atomChar, minLength: 1, maxLength: 8 });
  const dotAtom = fc.array(atom, { minLength: 1, maxLength: 4 }).map((atoms) => atoms.join('.'));
  const quotedChar = fc.oneof(
    fc.constantFrom(...' aB.@(),:;[]öЖ'),
    fc.constantFrom('\\"', '\\\\', '\\a', '\\ '),
  );
  const quoted = fc.array(quotedChar, { maxLength: 10 }).map((chars) => `"${chars.join('')}"`);
  const labelChar = fc.constantFrom(...'aBz09-üÄ');
  const label = fc
    .string({ unit: labelChar, minLength: 1, maxLength: 10 })
    .filter((text) => !text.startsWith('-') && !text.endsWith('-'));
  const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
  const domain = fc.oneof(
    name,
    fc.constantFrom('gmail.com', 'GoogleMail.com', 'Gmail.COM', '[192.0.2.1]', '[IPv6:2001:DB8::1]'),
  );
  return fc
    .tuple(fc.oneof(dotAtom, quoted), domain)
    .map(([local, host]) => `${local}@${host}`)
    .filter((address) => checkAddress(address).ok);
}
