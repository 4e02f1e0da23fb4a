import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { type BouncesIo, registerBouncesCommand } from './bounces-command.js';

const corpora = new URL('../../../shared/corpora/', import.meta.url);
const eml = (name: string) => fileURLToPath(new URL(`bounces/eml/${name}`, corpora));
const notBounce = fileURLToPath(new URL('bounces/not-bounces/is-not-bounce-01.eml', corpora));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io: BouncesIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command('kindly').exitOverride();
  registerBouncesCommand(program, io);
  await program.parseAsync(['bounces', 'classify', ...args], { from: 'user' });
  return { out, err, exitCode };
}

describe('kindly bounces classify', () => {
  it('prints one line per failed recipient, in the order the bounce lists them', async () => {
    const file = eml('lhost-qmail-02.eml');
    const { out, err, exitCode } = await run([file]);
    expect(out).toEqual([
      `${file} 1 userunknown@example.jp 5.1.1 550 userunknown hard`,
      `${file} 2 filtered@example.jp 5.2.1 550 userunknown hard`,
    ]);
    expect(err).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('prints JSON objects with --json, and one not-a-bounce line for ordinary mail', async () => {
    const file = eml('lhost-postfix-01.eml');
    const { out } = await run(['--json', file, notBounce]);
    const lines = out.map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        file,
        index: 1,
        recipient: 'r@p351355.pool.example.ne.jp',
        status: '5.1.1',
        replyCode: null,
        reason: 'mailererror',
        hardBounce: false,
        category: 'soft',
      },
      {
        file: notBounce,
        index: null,
        recipient: null,
        status: null,
        replyCode: null,
        reason: null,
        hardBounce: false,
        category: 'not-a-bounce',
      },
    ]);
  });

  it('reports a complaint and a soft bounce by their categories', async () => {
    const { out } = await run(['--json', eml('arf-01.eml'), eml('lhost-gmail-06.eml')]);
    const categories = out.map((line) => (JSON.parse(line) as { category: string }).category);
    expect(categories).toEqual(['complaint', 'soft']);
  });

  it('says which file it cannot read, goes on with the others, and exits with 1 at the end', async () => {
    const missing = fileURLToPath(new URL('bounces/eml/no-such-file.eml', corpora));
    const { out, err, exitCode } = await run([missing, notBounce]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(`cannot read ${missing}`);
    expect(out).toEqual([`${notBounce} - - - - - not-a-bounce`]);
    expect(exitCode).toBe(1);
  });
});
