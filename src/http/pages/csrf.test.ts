import { describe, expect, it } from 'vitest';
import { csrfToken, doNotContactScope, isSameOrigin, verifyCsrfToken } from './csrf.js';

const secret = 'test-secret';

describe('csrfToken', () => {
  it('is the base64url HMAC-SHA256 of csrf:<scope>, stable for one scope and secret', () => {
    const token = csrfToken(secret, 'abc');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(secret, 'abc')).toBe(token);
    expect(csrfToken(secret, 'abd')).not.toBe(token);
    expect(csrfToken('other-secret', 'abc')).not.toBe(token);
  });

  it('binds the do-not-contact form to its cookie', () => {
    expect(csrfToken(secret, doNotContactScope('cookie-a'))).not.toBe(
      csrfToken(secret, doNotContactScope('cookie-b')),
    );
  });
});

describe('verifyCsrfToken', () => {
  it('accepts only the token of the same scope', () => {
    const token = csrfToken(secret, 'scope');
    expect(verifyCsrfToken(secret, 'scope', token)).toBe(true);
    expect(verifyCsrfToken(secret, 'other', token)).toBe(false);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyCsrfToken(secret, 'scope', tampered)).toBe(false);
  });

  it('refuses missing, empty, truncated and non-string tokens', () => {
    const token = csrfToken(secret, 'scope');
    for (const candidate of [undefined, null, '', token.slice(1), `${token}x`, 42, [token]]) {
      expect(verifyCsrfToken(secret, 'scope', candidate)).toBe(false);
    }
  });
});

describe('isSameOrigin', () => {
  const base = 'https://kindly.example/some/path';
  const headers = (init: Record<string, string>) => new Headers(init);

  it('accepts our own origin and requests that name none', () => {
    expect(isSameOrigin(headers({ origin: 'https://kindly.example' }), base)).toBe(true);
    expect(isSameOrigin(headers({}), base)).toBe(true);
  });

  it('refuses another origin, scheme or port', () => {
    for (const origin of ['https://evil.example', 'http://kindly.example', 'https://kindly.example:8443']) {
      expect(isSameOrigin(headers({ origin }), base)).toBe(false);
    }
  });

  it('lets Sec-Fetch-Site decide when Origin is null (as under Referrer-Policy: no-referrer)', () => {
    expect(isSameOrigin(headers({ origin: 'null', 'sec-fetch-site': 'same-origin' }), base)).toBe(true);
    expect(isSameOrigin(headers({ origin: 'null', 'sec-fetch-site': 'cross-site' }), base)).toBe(false);
    expect(isSameOrigin(headers({ 'sec-fetch-site': 'same-site' }), base)).toBe(false);
    expect(isSameOrigin(headers({ origin: 'null' }), base)).toBe(true);
  });
});
