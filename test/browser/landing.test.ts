/**
 * The landing page in a real browser (Debian's Chromium via playwright-core): its four buttons fit a
 * small phone screen without scrolling, and it works with JavaScript turned off.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFixture, type PageFixture } from '../../src/testing/page-fixture.js';

const executablePath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const note =
  "Hi Bob, it was great to meet you at the Bristol meetup last week. I'd love to stay in touch and send you the notes from my talk.";

let browser: Browser;
let server: ServerType;
let fx: PageFixture;
let baseUrl: string;

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: install Debian's chromium package to run the page tests.`,
    );
  }
  browser = await chromium.launch({ executablePath, args: chromiumArgs });
  let app: PageFixture['app'] | undefined;
  server = await new Promise<ServerType>((resolve) => {
    const started = serve(
      {
        fetch: (request, env) => (app ? app.fetch(request, env) : new Response('starting', { status: 503 })),
        hostname: '127.0.0.1',
        port: 0,
      },
      () => resolve(started),
    );
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fx = await createPageFixture({ baseUrl });
  app = fx.app;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await fx?.cleanup();
});

const buttonLabels = ['Accept', 'No thanks', 'Never e-mail me again', 'Block Alice Smith'];

describe('landing page in Chromium', () => {
  it('shows all four actions on a 375×667 screen without scrolling', async () => {
    const { token } = await fx.invitation('bob@example.org', note);
    const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${baseUrl}/r/${token}`);
      expect(response?.status()).toBe(200);
      for (const label of buttonLabels) {
        const button = page.getByRole('button', { name: label, exact: true });
        await expect.poll(() => button.isVisible()).toBe(true);
        const box = await button.boundingBox();
        expect(box, label).not.toBeNull();
        if (!box) continue;
        expect(box.x, label).toBeGreaterThanOrEqual(0);
        expect(box.y, label).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, label).toBeLessThanOrEqual(375);
        expect(box.y + box.height, label).toBeLessThanOrEqual(667);
      }
      await page.screenshot({ path: path.join(tmpdir(), 'kindly-landing-375.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('declines with JavaScript disabled', async () => {
    const { invitation, token } = await fx.invitation('carol@example.org', note);
    const context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      javaScriptEnabled: false,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/r/${token}`);
      await Promise.all([
        page.waitForURL(`${baseUrl}/r/${token}/decline`),
        page.getByRole('button', { name: 'No thanks' }).click(),
      ]);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('You said no thanks');
      await page.screenshot({ path: path.join(tmpdir(), 'kindly-declined-375.png'), fullPage: true });
      expect((await fx.core.store.getInvitation(invitation.id))?.state).toBe('declined');
    } finally {
      await context.close();
    }
  });
});
