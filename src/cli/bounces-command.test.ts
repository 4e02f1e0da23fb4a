import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ClassifierError } from '../mail/inbound/classify/classify-message.js';
import { corpusPath, hasCorpus } from '../testing/corpora.js';
import { type BouncesIo, type ClassifyFn, registerBouncesCommand } from './bounces-command.js';

/** The classifier's own fixtures, in the repository (classify/fixtures/README.md). */
const fixture = (name: string) =>
  fileURLToPath(new URL(`../mail/inbound/classify/fixtures/${name}`, import.meta.url));

async function run(args: string[], classify?: ClassifyFn) {
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
  registerBouncesCommand(program, io, classify);
  await program.parseAsync(['bounces', 'classify', ...args], { from: 'user' });
  return { out, err, exitCode };
}

describe('kindly bounces classify', () => {
  const notBounce = fixture('not-bounces/human-reply-to-return-path.eml');

  it('prints JSON objects with --json, and one not-a-bounce line for ordinary mail', async () => {
    const file = fixture('haraka-no-such-user.eml');
    const { out, exitCode } = await run(['--json', file, notBounce]);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      {
        file,
        index: 1,
        recipient: 'noah.berg@example.com',
        status: '5.1.1',
        replyCode: '550',
        reason: 'userunknown',
        hardBounce: true,
        category: 'hard',
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
    expect(exitCode).toBe(0);
  });

  it('says which file it cannot read or classify, goes on with the others, and exits with 1', async () => {
    const missing = fixture('no-such-file.eml');
    const broken = fixture('m365-mailbox-full.eml');
    const failing: ClassifyFn = async () => {
      throw new ClassifierError(new TypeError('a reader broke'));
    };
    const { out, err, exitCode } = await run([missing, broken], failing);
    expect(err).toEqual([
      expect.stringContaining(`cannot read ${missing}`),
      `kindly bounces classify: cannot classify ${broken}: the bounce classifier failed: a reader broke`,
    ]);
    expect(out).toEqual([]);
    expect(exitCode).toBe(1);
    const after = await run([missing, notBounce]);
    expect(after.out).toEqual([`${notBounce} - - - - - not-a-bounce`]);
    expect(after.exitCode).toBe(1);
  });
});

describe.skipIf(!hasCorpus('bounces/eml', 'the bounces command tests on the sisimai corpus'))(
  'kindly bounces classify on the sisimai corpus',
  () => {
    const eml = (name: string) => corpusPath(`bounces/eml/${name}`);

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

    it('reads unknown layouts as reports with --verp, as the listener does for its return paths', async () => {
      const notice = corpusPath('bounces/not-bounces/rb-issue-368-bug.eml');
      expect((await run([notice])).out).toEqual([`${notice} - - - - - not-a-bounce`]);
      expect((await run(['--verp', notice])).out).toEqual([
        `${notice} 1 xxxx@yyyyyy.net 5.0.922 - mailboxfull soft`,
      ]);
    });

    it('reports a complaint and a soft bounce by their categories', async () => {
      const { out } = await run(['--json', eml('arf-01.eml'), eml('lhost-gmail-06.eml')]);
      const categories = out.map((line) => (JSON.parse(line) as { category: string }).category);
      expect(categories).toEqual(['complaint', 'soft']);
    });
  },
);
