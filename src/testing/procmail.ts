/**
 * Runs procmail recipes for real: Debian's procmail in mail-filter mode (`procmail -m rcfile`),
 * delivering into maildirs under a scratch folder, so a test sees which folder a message went to.
 * Missing binary: tests skip with a line, except under CI (`CI=true`), where .ci/run installs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const install = 'procmail is needed for the procmail filter tests: apt-get install -y procmail';

/** True when procmail can be run; otherwise prints one skip line, or throws under CI. */
export function hasProcmail(): boolean {
  if (spawnSync('sh', ['-c', 'command -v procmail'], { encoding: 'utf8' }).status === 0) return true;
  if (process.env.CI === 'true') throw new Error(`${install} (CI=true, so the tests may not skip)`);
  console.warn(`skipped: the procmail tests: ${install}`);
  return false;
}

/**
 * Delivers `message` through `recipe` and answers the maildir folder it landed in (`INBOX` when no
 * recipe matched), relative to the scratch MAILDIR.
 */
export function runProcmail(recipe: string, message: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-procmail-'));
  try {
    const rc = path.join(dir, 'procmailrc');
    writeFileSync(rc, [`MAILDIR=${dir}`, `DEFAULT=${dir}/INBOX/`, `LOGFILE=${dir}/log`, recipe].join('\n'));
    const run = spawnSync('procmail', ['-m', rc], { input: message, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`procmail failed (${run.status}): ${run.stderr}`);
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && readdirSync(path.join(dir, entry.name, 'new')).length > 0)
      .map((entry) => entry.name);
    if (folders.length !== 1) throw new Error(`procmail delivered to ${folders.length} folders: ${folders}`);
    return folders[0] ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
