import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../core/deps.js';
import { createMember } from '../core/members.js';
import { defaultRules } from '../core/rules.js';
import { createSuppressionKeyer } from '../core/suppression-key.js';
import { readContacts } from '../import/read-contacts.js';
import { randomIds } from '../runtime/random-ids.js';
import { openStore } from '../store/open-store.js';
import { repoRoot } from '../testing/kindly-process.js';
import { manualClock } from '../testing/test-core.js';
import { registerContactsCommand } from './contacts-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-contacts-cli-'));
let files = 0;
const keyOf = createSuppressionKeyer(randomBytes(32).toString('base64url'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const where = path.join(dir, name);
  writeFileSync(where, content);
  return where;
}

async function withCore<T>(url: string, work: (core: CoreDeps) => Promise<T>): Promise<T> {
  const { store } = await openStore(url, { migrate: true });
  try {
    return await work({
      store,
      clock: manualClock(),
      ids: randomIds,
      keyOf,
      rules: defaultRules,
      brand: 'Kindly',
    });
  } finally {
    await store.close();
  }
}

/** A fresh database with one member; returns its URL and the member's id. */
async function freshBook(): Promise<{ url: string; memberId: string }> {
  const url = `sqlite:${path.join(dir, `kindly-${++files}.db`)}`;
  const member = await withCore(url, (core) =>
    createMember(core, { email: 'alice@example.org', name: 'Alice' }),
  );
  return { url, memberId: member.id };
}

async function run(
  url: string,
  args: string[],
  options: { tty?: boolean; stdin?: string; batchSize?: number } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  let exitCode = 0;
  const program = new Command('kindly')
    .exitOverride()
    .configureOutput({ writeErr: (text) => err.push(text) });
  registerContactsCommand(program, {
    openCore: async () => {
      const { store } = await openStore(url, { migrate: true });
      return { store, clock: manualClock(), ids: randomIds, keyOf, rules: defaultRules, brand: 'Kindly' };
    },
    readContacts,
    batchSize: options.batchSize,
    io: {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      progress: options.tty ? (text) => progress.push(text) : undefined,
      stdin: () => Readable.from([options.stdin ?? '']),
      setExitCode: (code) => {
        exitCode = code;
      },
    },
  });
  await program.parseAsync(['contacts', ...args], { from: 'user' });
  return { out, err, progress, exitCode };
}

const book =
  'name,email\nBob,bob@example.net\nCarol,carol@example.net\nBob again,BOB@example.net\nNobody,\nBroken,nope\n';

async function contactsOf(url: string, memberId: string) {
  return withCore(url, async (core) => {
    const contacts = await core.store.listContacts(memberId, { limit: 100 });
    const invitations = await core.store.listInvitations({ limit: 10 });
    return { emails: contacts.flatMap((c) => c.addresses.map((a) => a.email)).sort(), invitations };
  });
}

describe('kindly contacts import', () => {
  it('is registered with the kindly command and keys addresses with the configured secret', async () => {
    const dataDir = mkdtempSync(path.join(dir, 'data-'));
    const secret = randomBytes(32).toString('base64url');
    const url = `sqlite:${path.join(dataDir, 'kindly.db')}`;
    const { store } = await openStore(url, { migrate: true });
    const configured = {
      store,
      clock: manualClock(),
      ids: randomIds,
      keyOf: createSuppressionKeyer(secret),
      rules: defaultRules,
      brand: 'Kindly',
    };
    const alice = await createMember(configured, { email: 'alice@example.org', name: 'Alice' });
    await store.close();
    const vcard = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nEMAIL:Bob@Example.net\r\nEND:VCARD\r\n';
    const shown = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'src/cli/kindly.ts'),
        'contacts',
        'import',
        '--member',
        alice.id,
        '--knows-contacts',
        '-',
      ],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          KINDLY_DATA_DIR: dataDir,
          KINDLY_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
          KINDLY_SECRET: secret,
        },
        encoding: 'utf8',
        input: vcard,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    expect(shown).toMatch(
      /^kindly: 1 read: 1 added, 0 merged, 0 skipped, 0 invalid \(vcard vcard-4\.0, import imp_\S+\)\n$/,
    );
    const reopened = await openStore(url);
    try {
      const [bob] = await reopened.store.listContacts(alice.id, { limit: 5 });
      expect(bob?.addresses).toEqual([
        { email: 'Bob@example.net', key: createSuppressionKeyer(secret)('bob@example.net') },
      ]);
    } finally {
      await reopened.store.close();
    }
  }, 120_000);

  it("imports a file into the member's book, prints the summary, and sends nothing", async () => {
    const { url, memberId } = await freshBook();
    const result = await run(url, [
      'import',
      '--member',
      memberId,
      '--knows-contacts',
      file('book.csv', book),
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.out).toEqual([
      expect.stringMatching(
        /^kindly: 5 read: 2 added, 1 merged, 1 skipped, 1 invalid \(csv plain, import imp_\S+\)$/,
      ),
    ]);
    expect(result.err).toEqual(['  line 6: invalid_email']);
    expect(await contactsOf(url, memberId)).toEqual({
      emails: ['bob@example.net', 'carol@example.net'],
      invitations: [],
    });
  });

  it('refuses to import without the member confirming they know these people', async () => {
    const { url, memberId } = await freshBook();
    const result = await run(url, ['import', '--member', memberId, file('book.csv', book)]);
    expect(result.exitCode).toBe(1);
    expect(result.err.at(-1)).toMatch(/^kindly contacts import: .*pass --knows-contacts/);
    expect((await contactsOf(url, memberId)).emails).toEqual([]);
    const unknown = await run(url, [
      'import',
      '--member',
      'mem_nobody',
      '--knows-contacts',
      file('b.csv', book),
    ]);
    expect(unknown).toMatchObject({
      exitCode: 1,
      err: ['kindly contacts import: no member has the id mem_nobody'],
    });
    const missing = await run(url, [
      'import',
      '--member',
      memberId,
      '--knows-contacts',
      path.join(dir, 'none.csv'),
    ]);
    expect(missing.exitCode).toBe(1);
    expect(missing.err.at(-1)).toMatch(/^kindly contacts import: cannot read .*none\.csv: /);
  });

  it('prints JSON, reads stdin, and draws a progress bar on a terminal', async () => {
    const { url, memberId } = await freshBook();
    const json = await run(url, ['import', '--member', memberId, '--knows-contacts', '--json', '-'], {
      stdin: book,
    });
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({
      state: 'done',
      format: 'csv',
      read: 5,
      added: 2,
      merged: 1,
      skipped: 1,
      invalidCount: 1,
      invalid: [{ line: 6, code: 'invalid_email' }],
    });
    const lines = Array.from({ length: 6 }, (_, i) => `p${i}@example.org`).join('\n');
    const shown = await run(
      url,
      ['import', '--member', memberId, '--knows-contacts', file('six.csv', `email\n${lines}\n`)],
      {
        tty: true,
        batchSize: 2,
      },
    );
    const frames = shown.progress.filter((text) => !text.startsWith('\x1b'));
    expect(frames[0]).toMatch(/^\[[#·]{24}\] +\d+% 2 read: 2 added, 0 merged, 0 skipped, 0 invalid$/);
    expect(frames.at(-1)).toMatch(/^\[#{24}\] 100% 6 read: 6 added/);
    expect(shown.progress.at(-1)).toBe('\x1b[2K');
  });
});
