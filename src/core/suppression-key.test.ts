import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAddress, parseAddress } from './address.js';
import { KindlyError } from './errors.js';
import { subaddressingDomains } from './mailbox-providers.js';
import { createSuppressionKeyer, suppressionKey } from './suppression-key.js';

const secret = 'test-secret-do-not-use';

/** Valid addresses of several shapes; case is varied by the properties below. */
function validAddress(): fc.Arbitrary<string> {
  const local = fc.oneof(
    fc.emailAddress().map((address) => address.slice(0, address.lastIndexOf('@'))),
    fc.constantFrom('Jane.Doe+x', '"Jane Doe"', '"j\\ane"', 'jörg', 'ЖЁНЯ'),
  );
  const domain = fc.oneof(
    fc.domain(),
    fc.constantFrom('GMAIL.com', 'googlemail.COM', 'Bücher.example', '[IPv6:2001:DB8::A]', 'iana.123'),
  );
  return fc
    .tuple(local, domain)
    .map(([localPart, host]) => `${localPart}@${host}`)
    .filter((address) => checkAddress(address).ok);
}

describe('suppressionKey', () => {
  it('is the lowercase hex HMAC-SHA256 of the canonical address', () => {
    const expected = createHmac('sha256', secret).update('jörg@xn--bcher-kva.example').digest('hex');
    expect(suppressionKey(secret, 'Jörg@BÜCHER.example')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives one key to every spelling of a Gmail mailbox', () => {
    const key = suppressionKey(secret, 'Jane.Doe+x@GMAIL.com');
    expect(suppressionKey(secret, 'janedoe@gmail.com')).toBe(key);
    expect(suppressionKey(secret, 'jane.doe@googlemail.com')).toBe(key);
    expect(suppressionKey(secret, '"jane.doe"@gmail.com')).toBe(key);
  });

  it('folds case fully: an opt-out of weiß@ covers WEISS@', () => {
    expect(suppressionKey(secret, 'WEISS@example.de')).toBe(suppressionKey(secret, 'weiß@example.de'));
    expect(suppressionKey(secret, 'Weiss@Example.DE')).toBe(suppressionKey(secret, 'weiß@example.de'));
  });

  it('drops +tags at every provider that documents sub-addressing, and dots only at Gmail', () => {
    const domains = subaddressingDomains();
    expect(domains).toEqual(
      expect.arrayContaining(['outlook.com', 'icloud.com', 'fastmail.com', 'proton.me']),
    );
    for (const domain of domains) {
      expect(suppressionKey(secret, `bob+hi@${domain}`), domain).toBe(
        suppressionKey(secret, `bob@${domain}`),
      );
      const dotted = suppressionKey(secret, `b.ob@${domain}`) === suppressionKey(secret, `bob@${domain}`);
      expect(dotted, domain).toBe(domain === 'gmail.com' || domain === 'googlemail.com');
    }
  });

  it('gives the form sent the key of the spelling typed', () => {
    fc.assert(
      fc.property(validAddress(), (address) => {
        expect(suppressionKey(secret, parseAddress(address))).toBe(suppressionKey(secret, address));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps dots and +tags meaningful elsewhere', () => {
    expect(suppressionKey(secret, 'jane.doe@example.com')).not.toBe(
      suppressionKey(secret, 'janedoe@example.com'),
    );
    expect(suppressionKey(secret, 'jane+x@example.com')).not.toBe(suppressionKey(secret, 'jane@example.com'));
  });

  it('treats an IDN and its A-label form as one domain', () => {
    expect(suppressionKey(secret, 'a@bücher.example')).toBe(
      suppressionKey(secret, 'a@xn--bcher-kva.example'),
    );
  });

  it('accepts the secret as a string or as the same bytes in a Buffer', () => {
    expect(suppressionKey(Buffer.from(secret), 'a@example.com')).toBe(
      suppressionKey(secret, 'a@example.com'),
    );
  });

  it('refuses invalid addresses and empty secrets', () => {
    expect(() => suppressionKey(secret, '"Bob" <bob@example.com>')).toThrow(KindlyError);
    expect(() => suppressionKey(secret, 'bob@example.com\r\nBcc: x@y')).toThrow(/line break/);
    expect(() => suppressionKey('', 'a@example.com')).toThrow(/secret/);
    expect(() => suppressionKey(Buffer.alloc(0), 'a@example.com')).toThrow(/secret/);
  });

  it('is stable under case changes of a valid address', () => {
    fc.assert(
      fc.property(validAddress(), fc.infiniteStream(fc.boolean()), (address, flips) => {
        const mixed = [...address].map((char) => (flips.next().value ? char.toUpperCase() : char)).join('');
        expect(suppressionKey(secret, mixed)).toBe(suppressionKey(secret, address));
        expect(suppressionKey(secret, address.toUpperCase())).toBe(suppressionKey(secret, address));
      }),
      { numRuns: 300 },
    );
  });

  it('differs with a different secret', () => {
    fc.assert(
      fc.property(
        validAddress(),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (address, first, second) => {
          fc.pre(first !== second);
          expect(suppressionKey(first, address)).not.toBe(suppressionKey(second, address));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('createSuppressionKeyer', () => {
  it('computes the same keys as suppressionKey', () => {
    const keyOf = createSuppressionKeyer(secret);
    expect(keyOf('Jane.Doe+x@GMAIL.com')).toBe(suppressionKey(secret, 'janedoe@gmail.com'));
  });

  it('is not affected by later changes to the secret Buffer', () => {
    const bytes = Buffer.from(secret);
    const keyOf = createSuppressionKeyer(bytes);
    bytes.fill(0);
    expect(keyOf('a@example.com')).toBe(suppressionKey(secret, 'a@example.com'));
  });

  it('refuses an empty secret at once', () => {
    expect(() => createSuppressionKeyer('')).toThrow(/secret/);
  });
});
