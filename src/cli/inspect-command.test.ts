/**
 * `kindly inspect` through the real `kindly` command, as a recipient runs it: a file or stdin in,
 * the report or the asked-for message out, and exit codes 0, 1 (unreadable input, bad options)
 * and 2 (the message does not make the action possible).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { delivered, samples } from '../inspect/testing/kindly-samples.js';
import { hasDovecotSieve, runSieve } from '../testing/dovecot-sieve.js';
import { repoRoot } from '../testing/kindly-process.js';
import { type InspectIo, type InspectOptions, runInspect } from './inspect-command.js';

const fixtures = path.join(repoRoot, 'src/inspect/fixtures');
const fixture = (name: string) => path.join(fixtures, name);
const dir = mkdtempSync(path.join(tmpdir(), 'kindly-inspect-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `kindly inspect …` with no configuration at all: the command needs none. */
function kindly(args: string[], input?: Buffer) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'src/cli/kindly.ts'), 'inspect', ...args],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '' },
      input,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each run starts the whole `kindly` program under tsx, which takes seconds on a busy machine.
describe('kindly inspect', { timeout: 180_000 }, () => {
  it('prints the report of an invitation: network, inviter, real sender, unsubscribe, findings', () => {
    const { status, stdout, stderr } = kindly([fixture('linkedin-reminder.eml')]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^A reminder about an invitation from LinkedIn\n/);
    expect(stdout).toContain('  inviter      Alice Archer (their own address is not in the message)');
    expect(stdout).toContain('  Return-Path  s-9fe6ga2kq8vz4t7mbw1xj5rn0dhc3lyp@bounce.linkedin.com');
    expect(stdout).toContain(
      '  DKIM         d=mailb.linkedin.com s=d2048-202308-0b (does not sign List-Unsubscribe)',
    );
    expect(stdout).toContain('Findings (2)');
    expect(stdout).toContain('  ! unannounced-reminder: ');
  });

  it('reads stdin for - and prints JSON with --json', () => {
    const { status, stdout } = kindly(['--json', '-'], readFileSync(fixture('xing-invitation.eml')));
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      network: { id: 'xing', name: 'XING' },
      kind: 'invitation',
      inviter: { name: 'Alice Archer', address: null },
      findings: [{ code: 'no-one-click' }],
    });
  });

  it('--reply writes the no-thanks message, or says plainly that the inviter’s address is unknown', async () => {
    const ok = kindly(['--reply', '-', fixture('linkedin-invitation.eml')]);
    expect(ok.status).toBe(0);
    const reply = await simpleParser(ok.stdout);
    expect(reply.to).toMatchObject({ value: [{ address: 'alice.archer@example.net' }] });
    const refused = kindly(['--reply', path.join(dir, 'reply.eml'), fixture('facebook-friend-request.eml')]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'kindly inspect: cannot write a reply: the message does not give the inviter’s own address (no usable Reply-To), so a reply would reach only the network\n',
    );
  });

  it('--opt-out writes the mailto request to a file and prints the report and the other ways out', async () => {
    const out = path.join(dir, 'opt-out.eml');
    const { status, stdout } = kindly(['--opt-out', out, fixture('xing-reminder.eml')]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^A reminder about an invitation from XING\n/);
    expect(stdout).toContain(
      `kindly inspect: wrote the unsubscribe request to unsubscribe-r2Mv8invented@mail.xing.com; send it from your mail program to ${out}`,
    );
    const mail = await simpleParser(readFileSync(out));
    expect(mail.to).toMatchObject({ value: [{ address: 'unsubscribe-r2Mv8invented@mail.xing.com' }] });
  });

  it.skipIf(!hasDovecotSieve())(
    '--filter sieve prints a script that dovecot runs and that catches the invitation',
    () => {
      const { status, stdout } = kindly([
        '--filter',
        'sieve',
        '--folder',
        'Not now',
        fixture('facebook-friend-request.eml'),
      ]);
      expect(status).toBe(0);
      const run = runSieve(stdout, readFileSync(fixture('facebook-pending-request.eml')));
      expect(run.compiled.status, run.compiled.output).toBe(0);
      expect(run.folders).toEqual(['Not now']);
    },
  );

  it('exits 2 for a filter of mail that is not an invitation, and 1 for a missing file or a bad format', () => {
    const personal = kindly(['--filter', 'gmail', fixture('personal-mail.eml')]);
    expect(personal.status).toBe(2);
    expect(personal.stderr).toContain('this message is not an invitation from a network');
    const missing = kindly([path.join(dir, 'nope.eml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^kindly inspect: cannot read .*nope\.eml: ENOENT/);
    const format = kindly(['--filter', 'maildrop', fixture('linkedin-invitation.eml')]);
    expect(format.status).toBe(1);
    expect(format.stderr).toBe('kindly inspect: --filter must be one of sieve, gmail, procmail\n');
  });
});

/** The same command in-process, for the paths that need no separate process to show. */
async function runInProcess(args: { file: string; options?: Partial<InspectOptions>; input?: Buffer }) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, Buffer | string>();
  let exitCode = 0;
  const io: InspectIo = {
    readInput: async (file) => args.input ?? readFileSync(file),
    writeFile: async (file, data) => {
      files.set(file, data);
    },
    out: (text) => out.push(text.toString()),
    err: (line) => err.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  await runInspect(args.file, { folder: 'Invitations', ...args.options }, io);
  return { out: out.join(''), err, files, exitCode };
}

describe('kindly inspect, in-process', () => {
  it('refuses a file that is not a mail message, and two results for stdout at once', async () => {
    const text = await runInProcess({ file: 'notes.txt', input: Buffer.from('just some notes\n') });
    expect(text.exitCode).toBe(1);
    expect(text.err).toEqual([
      'kindly inspect: notes.txt is not a mail message (no From, To, Subject or Date)',
    ]);
    const both = await runInProcess({
      file: fixture('linkedin-invitation.eml'),
      options: { reply: true, filter: 'sieve' },
    });
    expect(both.exitCode).toBe(1);
    expect(both.out).toBe('');
  });

  it('exits 2 for a reply to mail that is not an invitation, and for an opt-out that is impossible', async () => {
    const reply = await runInProcess({ file: fixture('newsletter.eml'), options: { reply: true } });
    expect(reply.exitCode).toBe(2);
    expect(reply.err).toEqual(['kindly inspect: cannot write a reply: this message is not an invitation']);
    const optOut = await runInProcess({ file: fixture('personal-mail.eml'), options: { optOut: 'x.eml' } });
    expect(optOut.exitCode).toBe(2);
    expect(optOut.files.size).toBe(0);
  });

  it('keeps stdout JSON with --json: what else it has to say goes to stderr', async () => {
    const run = await runInProcess({
      file: fixture('linkedin-invitation.eml'),
      options: { json: true, optOut: 'o.eml' },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.out).network.id).toBe('linkedin');
    expect(run.err[0]).toBe(
      'kindly inspect: the message offers no mailto unsubscribe, so nothing was written to o.eml',
    );
    expect(run.err[1]).toMatch(/^One-click unsubscribe \(RFC 8058\)/);
  });

  it('points Kindly’s own mail to its do-not-contact page as well', async () => {
    const make = samples.invitation[0]?.mail;
    if (!make) throw new Error('no sample');
    const run = await runInProcess({ file: '-', input: await delivered(make()), options: { optOut: true } });
    expect(run.exitCode).toBe(0);
    expect(run.out).toMatch(
      /^From: bob@example\.org\r\nTo: unsubscribe\+StopTok-0123456789abcdefgh@kindly\.example\r\n/,
    );
    expect(run.err).toContain(
      'To ask that the address never be mailed by this service at all: https://kindly.example/do-not-contact',
    );
  });
});
