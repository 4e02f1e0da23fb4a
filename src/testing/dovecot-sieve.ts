/**
 * Runs Sieve scripts through a real Sieve implementation: Debian's dovecot-sieve (Pigeonhole),
 * `sievec` to compile and `sieve-test` to run a script against a message. sieve-test refuses to
 * run as root and wants a mail location, so each call gets a scratch folder and a minimal
 * configuration that drops to `nobody` when the tests run as root.
 *
 * Missing binaries: tests skip with a line saying what to install, except under CI (`CI=true`),
 * where .ci/run installs dovecot-sieve and a missing one is a failure.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const install = 'dovecot-sieve is needed for the Sieve tests: apt-get install -y dovecot-sieve';

/** True when sievec and sieve-test can be run; otherwise prints one skip line, or throws under CI. */
export function hasDovecotSieve(): boolean {
  const found = ['sievec', 'sieve-test'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0,
  );
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${install} (CI=true, so the tests may not skip)`);
  console.warn(`skipped: the Sieve tests: ${install}`);
  return false;
}

export interface SieveRun {
  /** `sievec`'s exit status and output: 0 when the script compiled. */
  compiled: { status: number | null; output: string };
  /** The folders sieve-test would store the message in (`INBOX` for an implicit keep). */
  folders: string[];
  output: string;
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-sieve-'));
  chmodSync(dir, 0o777);
  return dir;
}

function config(dir: string): string {
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : (process.getuid?.() ?? 65534);
  const gid = root ? 65534 : (process.getgid?.() ?? 65534);
  const file = path.join(dir, 'dovecot.conf');
  writeFileSync(
    file,
    [
      `mail_uid = ${uid}`,
      `mail_gid = ${gid}`,
      'first_valid_uid = 1',
      'first_valid_gid = 1',
      `mail_home = ${dir}`,
      `mail_location = maildir:${dir}/Maildir`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Compiles `script` with sievec and, when it compiles, runs it on `message` with sieve-test. */
export function runSieve(script: string, message: Buffer): SieveRun {
  const dir = scratch();
  try {
    const scriptFile = path.join(dir, 'filter.sieve');
    const messageFile = path.join(dir, 'message.eml');
    writeFileSync(scriptFile, script);
    writeFileSync(messageFile, message);
    for (const file of [scriptFile, messageFile]) chmodSync(file, 0o644);
    const compile = spawnSync('sievec', [scriptFile, path.join(dir, 'compiled.svbin')], { encoding: 'utf8' });
    const compiled = { status: compile.status, output: `${compile.stdout}${compile.stderr}` };
    if (compile.status !== 0) return { compiled, folders: [], output: '' };
    copyFileSync(scriptFile, path.join(dir, 'run.sieve'));
    chmodSync(path.join(dir, 'run.sieve'), 0o644);
    const run = spawnSync('sieve-test', ['-c', config(dir), path.join(dir, 'run.sieve'), messageFile], {
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`sieve-test failed (${run.status}): ${output}`);
    const folders = [...output.matchAll(/store message in folder: (.+)$/gm)].map((m) => (m[1] ?? '').trim());
    return { compiled, folders, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
