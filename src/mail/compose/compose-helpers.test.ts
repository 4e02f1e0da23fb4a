import { describe, expect, it } from 'vitest';
import { brandSlug } from './common-headers.js';
import { formatDate } from './format-date.js';
import { oneLine } from './header-safe.js';
import { escapeHtml } from './html-escape.js';
import { mailSettings } from './mail-settings.js';

describe('compose helpers', () => {
  it('formats dates in UTC, British style', () => {
    expect(formatDate(new Date('2026-03-03T10:00:00Z'))).toBe('3 March 2026');
    // Late on the 3rd in UTC is the 4th in Tokyo; the mail still says the 3rd everywhere.
    expect(formatDate(new Date('2026-03-03T23:30:00Z'))).toBe('3 March 2026');
  });

  it('escapes for text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('puts member text on one line', () => {
    expect(oneLine(' Alice\r\n\tSmith\u2028Jr\u0000 ')).toBe('Alice Smith Jr');
  });

  it('slugs the brand for Feedback-ID', () => {
    expect(brandSlug('Kindly')).toBe('kindly');
    expect(brandSlug('Acme Network, Inc.')).toBe('acme-network-inc');
    expect(brandSlug('Café Crème')).toBe('cafe-creme');
    expect(brandSlug('日本')).toBe('kindly');
  });

  it('defaults the bounce domain to the sender domain and trims the base URL', () => {
    const s = mailSettings({
      brand: 'Kindly',
      fromAddress: 'invitations@kindly.example',
      postalAddress: 'x',
      baseUrl: 'https://kindly.example//',
    });
    expect(s.bounceDomain).toBe('kindly.example');
    expect(s.baseUrl).toBe('https://kindly.example');
    expect(mailSettings({ ...s, bounceDomain: 'bounces.kindly.example' }).bounceDomain).toBe(
      'bounces.kindly.example',
    );
  });
});
