/**
 * `kindly inspect <file.eml|->`: reads an invitation from any network and tells the recipient what
 * it is, who is behind it, how to leave and what is wrong with it; `--reply`, `--filter` and
 * `--opt-out` write what the recipient needs to act on it. Needs no configuration and makes no
 * network requests. Exit codes: 0 done, 1 unreadable input or bad options, 2 the message does not
 * make the asked action possible (no inviter address, not an invitation, no way to unsubscribe).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type FilterFormat, filterFormats, filterSpec, renderFilter } from '../inspect/filter-rules.js';
import { formatReport } from '../inspect/format-report.js';
import { inspectMessage } from '../inspect/inspect-message.js';
import { planOptOut } from '../inspect/opt-out.js';
import { composeNoThanks, NoInviterAddressError } from '../inspect/reply-mail.js';

/** Where the command reads and writes; the defaults are the process's own. */
export interface InspectIo {
  readInput(file: string): Promise<Buffer>;
  writeFile(file: string, data: Buffer | string): Promise<void>;
  out(text: Buffer | string): void;
  err(line: string): void;
  setExitCode(code: number): void;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const processIo: InspectIo = {
  readInput: (file) => (file === '-' ? readStdin() : readFile(file)),
  writeFile: (file, data) => writeFile(file, data, { flag: 'w' }),
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export interface InspectOptions {
  json?: boolean;
  reply?: string | true;
  filter?: string;
  folder: string;
  optOut?: string | true;
  from?: string;
}

/** Larger than any invitation; a bigger input is not a message someone saved from their inbox. */
const maxInput = 50 * 1024 * 1024;

class ActionFailed extends Error {}

/** Runs the command once; every outcome ends in io (never throws for bad input). */
export async function runInspect(
  file: string,
  given: InspectOptions,
  io: InspectIo = processIo,
): Promise<void> {
  // `--reply -` and `--opt-out -` mean stdout, like a bare `--reply`.
  const options = {
    ...given,
    reply: given.reply === '-' ? true : given.reply,
    optOut: given.optOut === '-' ? true : given.optOut,
  };
  const toStdout = [options.reply === true, options.optOut === true, options.filter !== undefined].filter(
    Boolean,
  );
  if (toStdout.length > 1) {
    io.err(
      'kindly inspect: only one of --reply, --opt-out (without a file) and --filter can write to stdout',
    );
    return io.setExitCode(1);
  }
  if (options.filter !== undefined && !filterFormats.includes(options.filter as FilterFormat)) {
    io.err(`kindly inspect: --filter must be one of ${filterFormats.join(', ')}`);
    return io.setExitCode(1);
  }
  let raw: Buffer;
  try {
    raw = await io.readInput(file);
  } catch (error) {
    io.err(`kindly inspect: cannot read ${file === '-' ? 'stdin' : file}: ${(error as Error).message}`);
    return io.setExitCode(1);
  }
  if (raw.length === 0 || raw.length > maxInput) {
    io.err(
      `kindly inspect: ${file === '-' ? 'stdin' : file} is ${raw.length === 0 ? 'empty' : 'larger than 50 MiB'}`,
    );
    return io.setExitCode(1);
  }
  const { facts, inspection } = await inspectMessage(raw);
  if (!['from', 'subject', 'date', 'message-id', 'to'].some((name) => facts.headers.has(name))) {
    io.err(
      `kindly inspect: ${file === '-' ? 'stdin' : file} is not a mail message (no From, To, Subject or Date)`,
    );
    return io.setExitCode(1);
  }
  const notes: string[] = [];
  let payload: Buffer | string | null = null;
  const deliver = async (target: string | true, data: Buffer | string, what: string) => {
    if (target === true) payload = data;
    else {
      await io.writeFile(target, data);
      notes.push(`kindly inspect: wrote ${what} to ${target}`);
    }
  };
  const sendAs = options.from ? { from: options.from } : {};
  try {
    if (options.reply !== undefined) {
      if (inspection.kind !== 'invitation' && inspection.kind !== 'reminder') {
        throw new ActionFailed('kindly inspect: cannot write a reply: this message is not an invitation');
      }
      try {
        const eml = await composeNoThanks(inspection, facts, sendAs);
        await deliver(
          options.reply,
          eml,
          `a "no thanks" to ${inspection.inviter.address}; send it from your mail program`,
        );
      } catch (error) {
        if (!(error instanceof NoInviterAddressError)) throw error;
        throw new ActionFailed(`kindly inspect: cannot write a reply: ${error.message}`);
      }
    }
    if (options.filter !== undefined) {
      const spec = filterSpec(inspection, facts);
      if (!spec)
        throw new ActionFailed(
          'kindly inspect: cannot write a filter: this message is not an invitation from a network',
        );
      payload = renderFilter(spec, options.filter as FilterFormat, options.folder);
    }
    if (options.optOut !== undefined) {
      const plan = await planOptOut(inspection, facts, sendAs);
      if (!plan.mail && plan.instructions.length === 0) {
        throw new ActionFailed(
          'kindly inspect: this message offers no way to unsubscribe (no List-Unsubscribe, no link)',
        );
      }
      if (plan.mail) {
        await deliver(
          options.optOut,
          plan.mail.eml,
          `the unsubscribe request to ${plan.mail.to}; send it from your mail program`,
        );
      } else if (options.optOut !== true) {
        notes.push(
          `kindly inspect: the message offers no mailto unsubscribe, so nothing was written to ${options.optOut}`,
        );
      }
      notes.push(...plan.instructions);
    }
  } catch (error) {
    if (!(error instanceof ActionFailed)) throw error;
    io.err(error.message);
    return io.setExitCode(2);
  }
  const written = payload as Buffer | string | null;
  if (written !== null) {
    io.out(written);
    for (const note of notes) io.err(note);
    return;
  }
  io.out(options.json ? `${JSON.stringify(inspection, null, 2)}\n` : `${formatReport(inspection)}\n`);
  for (const note of notes) options.json ? io.err(note) : io.out(`${note}\n`);
}

export function registerInspectCommand(program: Command, io: InspectIo = processIo): Command {
  return program
    .command('inspect')
    .description(
      'read an invitation from any network (.eml, or - for stdin): who sent it, how to leave, what is wrong with it',
    )
    .argument('<file>', 'the message as saved from your mail program (.eml), or - to read stdin')
    .option('--json', 'print the report as JSON')
    .option(
      '--reply [file]',
      'write a polite "no thanks" to the inviter (.eml; stdout without a file or with -)',
    )
    .option('--filter <format>', `write a filter for this network's invitations: ${filterFormats.join(', ')}`)
    .option('--folder <name>', 'the folder or label --filter files them into', 'Invitations')
    .option(
      '--opt-out [file]',
      'write the unsubscribe request the message allows (.eml for mailto; stdout without a file or with -) and how else to leave',
    )
    .option(
      '--from <address>',
      'the sender of --reply and --opt-out mail (default: the address it was sent to)',
    )
    .action((file: string, options: InspectOptions) => runInspect(file, options, io));
}
