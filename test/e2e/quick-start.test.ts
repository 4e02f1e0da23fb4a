/**
 * The README's promise: `npm start` with no configuration at all serves the recipient pages and the
 * dev mailbox, on SQLite, printing the operator's token once. (`npm install` already ran: we are in
 * the test suite of an installed checkout.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../../src/testing/kindly-process.js';

describe('npm start on a fresh checkout', () => {
  let child: ChildProcess;
  let output = '';
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-quick-start-'));
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    // Only what any shell has: no KINDLY_* variable, so every default is exercised.
    child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        KINDLY_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 90_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('"kindly started"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child?.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a token that works, sends to the dev mailbox, and serves the landing page', async () => {
    const token = /only its hash is kept\):\s+(\S+)/.exec(output)?.[1];
    if (!token) throw new Error(`no token printed:\n${output}`);
    const api = async (pathname: string, body: unknown) => {
      const response = await fetch(`${baseUrl}${pathname}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { id: string } };
    };
    const alice = await api('/v1/members', { email: 'alice@example.org', name: 'Alice Archer' });
    expect(alice.status).toBe(201);
    expect(
      (await api('/v1/invitations', { inviterId: alice.body.id, email: 'bob@example.net' })).status,
    ).toBe(201);

    let listing = '';
    for (let i = 0; i < 50 && !listing.includes('invited you'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listing = await (await fetch(`${baseUrl}/dev/mailbox`)).text();
    }
    expect(listing).toContain('Alice Archer invited you to connect');
    const id = /href="\/dev\/mailbox\/(msg_[^"/]+)"/.exec(listing)?.[1];
    const detail = await (await fetch(`${baseUrl}/dev/mailbox/${id}`)).text();
    const landing = new RegExp(`${baseUrl}/r/[A-Za-z0-9_-]+`).exec(detail)?.[0];
    if (!landing) throw new Error(`no landing link in the dev mailbox:\n${detail}`);
    const page = await fetch(landing);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const action of ['Accept', 'No thanks', 'Never e-mail me again', 'Block Alice Archer']) {
      expect(html).toContain(action);
    }
  });
});
