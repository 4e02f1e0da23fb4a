import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../core/tokens.js';
import { openStore } from '../store/open-store.js';
import { scanDatabase } from '../testing/database-scan.js';
import { repoRoot } from '../testing/kindly-process.js';
import { createTestApp } from '../testing/test-app.js';
import { registerTokensCommand, type TokensIo } from './tokens-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-tokens-cli-'));
let files = 0;
const freshDatabase = () => `sqlite:${path.join(dir, `kindly-${++files}.db`)}`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(databaseUrl: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io: TokensIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command('kindly')
    .exitOverride()
    .configureOutput({ writeErr: (text) => err.push(text) });
  registerTokensCommand(program, { io, openStore: async () => (await openStore(databaseUrl)).store });
  await program.parseAsync(['tokens', ...args], { from: 'user' });
  return { out, err, exitCode };
}

async function request(
  app: Awaited<ReturnType<typeof createTestApp>>['app'],
  token: string,
  method: string,
  p: string,
  body?: unknown,
) {
  return app.request(p, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('kindly tokens', () => {
  it('creates, lists and revokes tokens in the database, and the created token works over HTTP until revoked', async () => {
    const url = freshDatabase();
    const created = await run(url, ['create', 'billing app']);
    expect(created.exitCode).toBe(0);
    expect(created.out).toHaveLength(1);
    const token = created.out[0] ?? '';
    expect(token).toMatch(/^kindly_[A-Za-z0-9_-]{22,}$/);
    expect(created.err.join('\n')).toMatch(/created app token tok_\S+ \(billing app\); shown once/);
    const ops = await run(url, ['create', 'night shift', '--role', 'operator']);
    const opsToken = ops.out[0] ?? '';

    const listed = await run(url, ['list']);
    expect(listed.out).toHaveLength(2);
    expect(listed.out[0]).toMatch(/^tok_\S+ app \S+Z - - billing app$/);
    expect(listed.out[1]).toMatch(/^tok_\S+ operator \S+Z - - night shift$/);
    const json = (await run(url, ['list', '--json'])).out.join('\n');
    for (const secret of [token, opsToken, hashToken(token), hashToken(opsToken)])
      expect(json).not.toContain(secret);
    const [app, operator] = (await run(url, ['list', '--json'])).out.map((line) => JSON.parse(line));
    expect(Object.keys(app).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);
    expect(operator.role).toBe('operator');

    // Nowhere in the database, in any table or column: only the hash is kept.
    const { db } = await openStore(url);
    try {
      const scan = await scanDatabase(db, 'sqlite', token.slice('kindly_'.length));
      expect(scan.scanned).toContain('api_tokens.hash');
      expect(scan.hits).toEqual([]);
      expect((await scanDatabase(db, 'sqlite', hashToken(token))).hits).toEqual(['api_tokens.hash']);
    } finally {
      await db.destroy();
    }

    const t = await createTestApp({ databaseUrl: url });
    try {
      const member = await request(t.app, token, 'POST', '/v1/members', {
        email: 'a@example.org',
        name: 'A',
      });
      expect(member.status).toBe(201);
      const inviterId = ((await member.json()) as { id: string }).id;
      const invitation = await request(t.app, token, 'POST', '/v1/invitations', {
        inviterId,
        email: 'b@example.net',
      });
      expect(invitation.status).toBe(201);
      expect(
        (await request(t.app, token, 'GET', '/v1/suppressions/check?email=b%40example.net')).status,
      ).toBe(403);
      expect(
        (await request(t.app, opsToken, 'GET', '/v1/suppressions/check?email=b%40example.net')).status,
      ).toBe(200);

      const revoked = await run(url, ['revoke', app.id]);
      expect(revoked.exitCode).toBe(0);
      expect(revoked.err.join('\n')).toContain(`token ${app.id} (billing app) is revoked since`);
      expect((await request(t.app, token, 'GET', `/v1/members/${inviterId}`)).status).toBe(401);
      expect((await run(url, ['revoke', app.id])).exitCode).toBe(0);
      const after = (await run(url, ['list'])).out;
      expect(after[0]).toMatch(new RegExp(`^${app.id} app \\S+Z \\S+Z \\S+Z billing app$`));
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a bad name, an unknown role and an unknown id, and creates nothing', async () => {
    const url = freshDatabase();
    for (const name of ['', 'x'.repeat(65), 'two\nlines']) {
      const result = await run(url, ['create', name]);
      expect(result.exitCode, JSON.stringify(name)).toBe(1);
      expect(result.out).toEqual([]);
      expect(result.err[0]).toMatch(/^kindly tokens create: A token name/);
    }
    await expect(run(url, ['create', 'x', '--role', 'admin'])).rejects.toThrow(
      /Allowed choices are app, operator/,
    );
    const unknown = await run(url, ['revoke', 'tok_nobody']);
    expect(unknown).toEqual({
      out: [],
      err: ['kindly tokens revoke: No API token has that id.'],
      exitCode: 1,
    });
    expect((await run(url, ['list'])).out).toEqual([]);
  });

  it('is registered with the kindly command and works on the configured database', () => {
    const dataDir = mkdtempSync(path.join(dir, 'data-'));
    const env = {
      PATH: process.env.PATH ?? '',
      KINDLY_DATA_DIR: dataDir,
      KINDLY_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      KINDLY_SECRET: randomBytes(32).toString('base64url'),
    };
    const kindly = (...args: string[]) =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'src/cli/kindly.ts'), 'tokens', ...args],
        {
          cwd: repoRoot,
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    const token = kindly('create', 'from the shell').trim();
    expect(token).toMatch(/^kindly_[A-Za-z0-9_-]{22,}$/);
    expect(kindly('list')).toMatch(/^tok_\S+ app \S+Z - - from the shell\n$/);
  });
});
