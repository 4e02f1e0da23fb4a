import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPageFixture, type PageFixture } from '../../testing/page-fixture.js';
import { getPage } from '../../testing/page-test-requests.js';
import { stylesheetHref } from './styles.js';

let fx: PageFixture;

beforeEach(async () => {
  fx = await createPageFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

describe('pageRoutes', () => {
  it('serves the stylesheet as text/css with a long cache lifetime, and pages link its versioned URL', async () => {
    const css = await fx.app.request(stylesheetHref);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await css.text()).toContain('.actions');
    const { html } = await getPage(fx.app, '/do-not-contact');
    expect(html).toContain(`<link rel="stylesheet" href="${stylesheetHref}"`);
  });

  it('renders whole documents with no scripts and no inline styles', async () => {
    const { token } = await fx.invitation('bob@example.org', 'Hi');
    for (const path of [
      `/r/${token}`,
      `/r/${token}/decline`,
      '/do-not-contact',
      '/r/AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const { html } = await getPage(fx.app, path);
      expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  it('leaves paths outside the pages alone', async () => {
    const { Hono } = await import('hono');
    const outer = new Hono();
    outer.get('/v1/ping', (c) => c.json({ ok: true }));
    outer.route('/', fx.app);
    const response = await outer.request('/v1/ping');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});
