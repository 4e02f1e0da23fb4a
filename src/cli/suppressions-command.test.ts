import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../core/deps.js';
import type { Suppression } from '../core/model.js';
import { defaultRules } from '../core/rules.js';
import { createSuppressionKeyer } from '../core/suppression-key.js';
import { randomIds } from '../runtime/random-ids.js';
import { openStore } from '../store/open-store.js';
import { scanDatabase } from '../testing/database-scan.js';
import { repoRoot } from '../testing/kindly-process.js';
import { manualClock } from '../testing/test-core.js';
import { exportHeader, registerSuppressionsCommand, type SuppressionsIo } from './suppressions-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kindly-suppressions-cli-'));
let files = 0;
const freshDatabase = () => `sqlite:${path.join(dir, `kindly-${++files}.db`)}`;
const keyOf = createSuppressionKeyer(randomBytes(32).toString('base64url'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const where = path.join(dir, name);
  writeFileSync(where, content);
  return where;
}

interface RunOptions {
  stdin?: string;
  tty?: boolean;
  batchSize?: number;
  pageSize?: number;
  /** When given, `out` and a slow `drained` log into it, to see the export wait for its reader. */
  events?: string[];
}

async function run(databaseUrl: string, args: string[], options: RunOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  let exitCode = 0;
  let opened = 0;
  const io: SuppressionsIo = {
    out: (line) => {
      out.push(line);
      options.events?.push('out');
    },
    drained: options.events
      ? async () => {
          options.events?.push('drain asked');
          await new Promise((resolve) => setTimeout(resolve, 2));
          options.events?.push('drained');
        }
      : undefined,
    err: (line) => err.push(line),
    progress: options.tty ? (text) => progress.push(text) : undefined,
    stdin: () => Readable.from([options.stdin ?? '']),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const openCore = async (): Promise<CoreDeps> => {
    opened += 1;
    const { store } = await openStore(databaseUrl, { migrate: true });
    return { store, clock: manualClock(), ids: randomIds, keyOf, rules: defaultRules, brand: 'Kindly' };
  };
  const program = new Command('kindly')
    .exitOverride()
    .configureOutput({ writeErr: (text) => err.push(text) });
  registerSuppressionsCommand(program, {
    io,
    openCore,
    batchSize: options.batchSize,
    pageSize: options.pageSize,
  });
  await program.parseAsync(['suppressions', ...args], { from: 'user' });
  return { out, err, progress, exitCode, opened };
}

async function stored(databaseUrl: string): Promise<Suppression[]> {
  const { store } = await openStore(databaseUrl);
  try {
    return await store.listSuppressions({ limit: 1000 });
  } finally {
    await store.close();
  }
}

/** A provider's export as a spreadsheet saves it: BOM, CRLF, a header, quotes; plus comments and blanks. */
const providerExport = [
  '\uFEFFEmail,Name,Unsubscribed at',
  '# from the old provider, 2026-03-01',
  'ann@example.org,Ann,2026-01-01',
  '"Jane.Doe+promo@gmail.com","Doe, Jane",2026-01-02',
  '',
  'not-an-address,Nobody,2026-01-03',
  ' janedoe@gmail.com ;Jane again',
  'carl@example.net',
  '<carl@example.net>',
  '',
].join('\r\n');

describe('kindly suppressions', () => {
  it('imports a provider export with a BOM, CRLF, a header, comments and CSV columns', async () => {
    const url = freshDatabase();
    const input = file('export.csv', providerExport);
    const result = await run(url, ['import', input, '--reason', 'stop'], { batchSize: 2 });
    expect(result.exitCode).toBe(0);
    expect(result.out).toEqual([
      'kindly: 6 read: 3 added, 1 existing, 2 invalid (reason stop, scope global)',
    ]);
    expect(result.err).toEqual(['  line 6: invalid_email', '  line 9: invalid_email']);
    expect(result.progress).toEqual([]);

    const rows = await stored(url);
    expect(rows.map((s) => s.key).sort()).toEqual(
      ['ann@example.org', 'janedoe@gmail.com', 'carl@example.net'].map(keyOf).sort(),
    );
    expect(new Set(rows.map((s) => `${s.scope} ${s.reason} ${s.source}`))).toEqual(
      new Set(['global stop import']),
    );
    const { db } = await openStore(url);
    try {
      for (const needle of ['ann@example.org', 'jane.doe', 'janedoe', 'carl@']) {
        expect((await scanDatabase(db, 'sqlite', needle)).hits, needle).toEqual([]);
      }
    } finally {
      await db.destroy();
    }

    const again = await run(url, ['import', input, '--json', '--scope', 'inviter:mem_a']);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.out[0] ?? '')).toEqual({
      read: 6,
      added: 3,
      existing: 1,
      invalidCount: 2,
      invalid: [
        { line: 6, code: 'invalid_email' },
        { line: 9, code: 'invalid_email' },
      ],
      reason: 'request',
      scope: 'inviter:mem_a',
    });
  });

  it('exports every suppression once, as CSV that parses back and as JSON lines', async () => {
    const url = freshDatabase();
    const addresses = Array.from({ length: 7 }, (_, i) => `p${i}@example.org`);
    await run(url, ['import', '-'], { stdin: addresses.join('\n') });
    await run(url, ['import', '-', '--scope', 'inviter:mem_b', '--reason', 'admin'], {
      stdin: 'p1@example.org',
    });
    const rows = await stored(url);
    expect(rows).toHaveLength(8);

    const csv = await run(url, ['export'], { pageSize: 3 });
    expect(csv.exitCode).toBe(0);
    const lines = csv.out.join('\n').split('\n');
    expect(lines[0]).toBe(exportHeader);
    const parsed = lines.slice(1).map((line) => {
      const [key, scope, reason, source, createdAt, ...rest] = line.split(',');
      expect(rest).toEqual([]);
      return { key, scope, reason, source, createdAt };
    });
    expect(parsed).toEqual(rows);
    expect(new Set(parsed.map((r) => `${r.key} ${r.scope}`)).size).toBe(8);
    expect(csv.out.join('\n')).not.toContain('example.org');

    const json = await run(url, ['export', '--json'], { pageSize: 3 });
    const objects = json.out
      .join('\n')
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(objects).toEqual(rows);
    expect(Object.keys(objects[0])).toEqual(['key', 'scope', 'reason', 'source', 'createdAt']);

    const empty = await run(freshDatabase(), ['export']);
    expect(empty.out).toEqual([exportHeader]);

    // Each page waits until the reader has taken the one before, so a slow reader holds memory to a page.
    const events: string[] = [];
    await run(url, ['export'], { pageSize: 3, events });
    const pageWrite = ['out', 'drain asked', 'drained'];
    expect(events).toEqual(['out', ...pageWrite, ...pageWrite, ...pageWrite]);
  });

  it('refuses a reason only Kindly records, or a bad scope, before opening the file or the database', async () => {
    const url = freshDatabase();
    for (const args of [
      ['--reason', 'decline-block'],
      ['--reason', 'soft-bounce'],
      ['--reason', 'because'],
      ['--scope', 'everyone'],
    ]) {
      const result = await run(url, ['import', path.join(dir, 'does-not-exist.txt'), ...args]);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.opened).toBe(0);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(/^kindly suppressions import: (reason|scope)/);
    }
    expect((await run(url, ['import', '-', '--reason', 'soft-bounce'])).err).toEqual([
      'kindly suppressions import: reason "soft-bounce" cannot be imported: only Kindly\'s own flows record it. ' +
        'Use one of request, stop, hard-bounce, complaint, admin, erasure.',
    ]);
  });

  it('fails with 1 when the file cannot be read or holds no valid address, and not for an empty one', async () => {
    const url = freshDatabase();
    const missing = await run(url, ['import', path.join(dir, 'nope.txt')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.err[0]).toMatch(/^kindly suppressions import: cannot read .*nope\.txt: ENOENT/);
    expect(missing.opened).toBe(0);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect((await run(url, ['import', folder])).err[0]).toMatch(/cannot read .*a-folder: it is not a file/);

    const allBad = await run(url, ['import', file('bad.txt', 'email\nnope\nstill nope\n')]);
    expect(allBad.exitCode).toBe(1);
    expect(allBad.out).toEqual([
      'kindly: 2 read: 0 added, 0 existing, 2 invalid (reason request, scope global)',
    ]);
    expect(allBad.err.at(-1)).toMatch(/^kindly suppressions import: no valid address in .*bad\.txt$/);

    const empty = await run(url, ['import', file('empty.txt', '\uFEFF# nothing yet\r\n')]);
    expect(empty.exitCode).toBe(0);
    expect(empty.out).toEqual([
      'kindly: 0 read: 0 added, 0 existing, 0 invalid (reason request, scope global)',
    ]);
    expect(await stored(url)).toEqual([]);
  });

  it('draws a progress bar on a terminal, and counts alone when the size is unknown', async () => {
    const url = freshDatabase();
    const list = Array.from({ length: 10 }, (_, i) => `q${i}@example.org`).join('\n');
    const fromFile = await run(url, ['import', file('ten.txt', list)], { tty: true, batchSize: 4 });
    // What cli-progress drew, without its cursor movements: the first state, then the last.
    const frames = fromFile.progress.filter((text) => !text.startsWith('\x1b'));
    expect(frames[0]).toMatch(/^\[[#·]{24}\] +\d+% 4 read: 4 added, 0 existing, 0 invalid$/);
    expect(frames.at(-1)).toMatch(/^\[#{24}\] 100% 10 read: 10 added/);
    // Cleared before the summary, which goes to stdout.
    expect(fromFile.progress.at(-1)).toBe('\x1b[2K');
    expect(fromFile.out).toHaveLength(1);

    const fromStdin = await run(url, ['import', '-'], { tty: true, stdin: list, batchSize: 4 });
    expect(fromStdin.progress.filter((text) => !text.startsWith('\x1b'))[0]).toBe(
      '4 read: 0 added, 4 existing, 0 invalid',
    );
  });

  it('is registered with the kindly command and keys addresses with the configured secret', () => {
    const dataDir = mkdtempSync(path.join(dir, 'data-'));
    const secret = randomBytes(32).toString('base64url');
    const env = {
      PATH: process.env.PATH ?? '',
      KINDLY_DATA_DIR: dataDir,
      KINDLY_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      KINDLY_SECRET: secret,
    };
    const kindly = (args: string[], input = '') =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'src/cli/kindly.ts'), 'suppressions', ...args],
        { cwd: repoRoot, env, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] },
      );
    expect(kindly(['import', '-', '--reason', 'hard-bounce'], 'email\r\nX.Y@example.org\r\n')).toBe(
      'kindly: 1 read: 1 added, 0 existing, 0 invalid (reason hard-bounce, scope global)\n',
    );
    const [header, row, ...rest] = kindly(['export']).split('\n');
    expect(header).toBe(exportHeader);
    expect(row).toMatch(
      new RegExp(`^${createSuppressionKeyer(secret)('x.y@example.org')},global,hard-bounce,import,\\S+Z$`),
    );
    expect(rest).toEqual(['']);

    // A reader that stops early (`| head`) ends the export quietly, with exit code 0.
    const list = Array.from({ length: 3000 }, (_, i) => `person${i}@example.org`).join('\n');
    kindly(['import', '-'], list);
    const kindlyPath = path.join(repoRoot, 'src/cli/kindly.ts');
    const piped = spawnSync(
      'bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `set -o pipefail; "${process.execPath}" --import tsx "${kindlyPath}" suppressions export | head -n 1`,
      ],
      // No stdin of vitest's: bash would take a socket there for a remote shell and read ~/.bashrc.
      { cwd: repoRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect({ status: piped.status, stdout: piped.stdout, stderr: piped.stderr }).toEqual({
      status: 0,
      stdout: `${exportHeader}\n`,
      stderr: '',
    });
  }, 120_000);
});
