/**
 * `kindly bounces classify [--json] [--verp] FILE…`: what Kindly makes of received bounces,
 * complaints and auto-replies, one line per failed recipient. For operators checking a bounce by
 * hand, and for comparing the classifier with another tool on a set of messages.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ClassifyOptions, classifyMessage } from '../mail/inbound/classify/classify-message.js';

/** The classifier the command runs (the real one; tests may hand in one that fails). */
export type ClassifyFn = typeof classifyMessage;

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

/**
 * The lines for one message, in the order it lists its failed recipients.
 *
 * @throws ClassifierError when the classifier fails on the message
 */
export async function classifyFile(
  file: string,
  raw: Buffer,
  options: ClassifyOptions = {},
  classify: ClassifyFn = classifyMessage,
): Promise<ClassifyLine[]> {
  const result = await classify(raw, options);
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

/** The lines for one file, or null (said on stderr) when it cannot be read or classified. */
async function linesOf(
  file: string,
  options: ClassifyOptions,
  classify: ClassifyFn,
  io: BouncesIo,
): Promise<ClassifyLine[] | null> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    io.err(`kindly bounces classify: cannot read ${file}: ${(error as Error).message}`);
    return null;
  }
  try {
    return await classifyFile(file, raw, options, classify);
  } catch (error) {
    io.err(`kindly bounces classify: cannot classify ${file}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Registers `kindly bounces classify`. A file that cannot be read, or that the classifier fails on,
 * is reported on stderr; the others are still classified, and the command exits with 1 at the end.
 */
export function registerBouncesCommand(
  program: Command,
  io: BouncesIo = processIo,
  classify: ClassifyFn = classifyMessage,
): Command {
  const bounces = program.command('bounces').description('look at bounces, complaints and auto-replies');
  bounces
    .command('classify')
    .description('classify received messages (RFC 5322 files): one line per failed recipient')
    .option('--json', 'one JSON object per line')
    .option('--verp', 'the messages arrived at a VERP return path of ours: read unknown layouts as reports')
    .argument('<files...>', 'message files (.eml)')
    .action(async (files: string[], options: { json?: boolean; verp?: boolean }) => {
      let failed = false;
      for (const file of files) {
        const lines = await linesOf(file, { arrivedAtVerp: options.verp === true }, classify, io);
        if (lines === null) failed = true;
        for (const line of lines ?? []) io.out(options.json ? JSON.stringify(line) : textLine(line));
      }
      if (failed) io.setExitCode(1);
    });
  return bounces;
}
