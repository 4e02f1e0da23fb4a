/**
 * `kindly bounces classify [--json] FILE…`: what Kindly makes of received bounces, complaints and
 * auto-replies, one line per failed recipient. For operators checking a bounce by hand, and for
 * comparing the classifier with another tool on a set of messages.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { classifyMessage } from '../mail/inbound/classify/classify-message.js';

/** Where the command writes; the defaults are the process's own streams and exit code. */
export interface BouncesIo {
  out(line: string): void;
  err(line: string): void;
  setExitCode(code: number): void;
}

const processIo: BouncesIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** One output line: a failed recipient, or a message that is not a bounce (index and reason null). */
export interface ClassifyLine {
  file: string;
  index: number | null;
  recipient: string | null;
  status: string | null;
  replyCode: string | null;
  reason: string | null;
  hardBounce: boolean;
  category: string;
}

/** The lines for one message, in the order it lists its failed recipients. */
export async function classifyFile(file: string, raw: Buffer): Promise<ClassifyLine[]> {
  const result = await classifyMessage(raw);
  if (!result.isBounce || result.reports.length === 0) {
    const none: ClassifyLine = {
      file,
      index: null,
      recipient: null,
      status: null,
      replyCode: null,
      reason: null,
      hardBounce: false,
      category: 'not-a-bounce',
    };
    return [none];
  }
  return result.reports.map((r, i) => ({
    file,
    index: i + 1,
    recipient: r.recipient,
    status: r.status,
    replyCode: r.replyCode,
    reason: r.reason,
    hardBounce: r.hardBounce,
    category: r.category,
  }));
}

/** `file index recipient status replyCode reason category`, `-` for what is unknown. */
export function textLine(line: ClassifyLine): string {
  const fields = [
    line.file,
    line.index,
    line.recipient,
    line.status,
    line.replyCode,
    line.reason,
    line.category,
  ];
  return fields.map((v) => (v === null || v === '' ? '-' : String(v))).join(' ');
}

export function registerBouncesCommand(program: Command, io: BouncesIo = processIo): Command {
  const bounces = program.command('bounces').description('look at bounces, complaints and auto-replies');
  bounces
    .command('classify')
    .description('classify received messages (RFC 5322 files): one line per failed recipient')
    .option('--json', 'one JSON object per line')
    .argument('<files...>', 'message files (.eml)')
    .action(async (files: string[], options: { json?: boolean }) => {
      let failed = false;
      for (const file of files) {
        let raw: Buffer;
        try {
          raw = await readFile(file);
        } catch (error) {
          failed = true;
          io.err(`kindly bounces classify: cannot read ${file}: ${(error as Error).message}`);
          continue;
        }
        for (const line of await classifyFile(file, raw)) {
          io.out(options.json ? JSON.stringify(line) : textLine(line));
        }
      }
      if (failed) io.setExitCode(1);
    });
  return bounces;
}
