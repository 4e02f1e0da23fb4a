/**
 * `kindly contacts import --member <id> --knows-contacts [--json] <file|->`: imports an address-book
 * file (CSV or vCard, recognised from its content) into one member's book, straight against the
 * configured database, with a progress bar on a terminal and a summary at the end. Like the API, it
 * never sends anything and never selects anyone, and it refuses to run without the member's word that
 * they know these people.
 */
import type { ReadStream } from 'node:fs';
import type { Command } from 'commander';
import {
  type ContactFile,
  createContactImport,
  requireConfirmation,
  runContactImport,
} from '../core/contact-import.js';
import type { ContactImport } from '../core/contacts-store.js';
import type { CoreDeps } from '../core/deps.js';
import { isKindlyError } from '../core/errors.js';
import type { ContactReader } from '../http/api/contact-import-routes.js';
import { openInput } from './open-input.js';
import { terminalProgress } from './progress-line.js';
import type { SuppressionsIo } from './suppressions-command.js';

export interface ContactsCommandDeps {
  /** The core over the configured (and migrated) database; the command closes its store when done. */
  openCore: () => Promise<CoreDeps>;
  readContacts: ContactReader;
  io?: Omit<SuppressionsIo, 'drained'> | undefined;
  /** Records per transaction; tests make it small. */
  batchSize?: number;
}

const processIo: Omit<SuppressionsIo, 'drained'> = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(text) : undefined,
  stdin: () => process.stdin,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

interface ImportOptions {
  member: string;
  knowsContacts?: boolean;
  json?: boolean;
}

/** `3 added, 1 merged, 1 skipped, 1 invalid`. */
export function contactCounts(job: Readonly<ContactImport>): string {
  return `${job.added} added, ${job.merged} merged, ${job.skipped} skipped, ${job.invalidCount} invalid`;
}

export function registerContactsCommand(program: Command, deps: ContactsCommandDeps): Command {
  const io = deps.io ?? processIo;
  const fail = (message: string) => {
    io.err(`kindly contacts import: ${message}`);
    io.setExitCode(1);
  };

  async function runImport(file: string, options: ImportOptions): Promise<void> {
    try {
      requireConfirmation(options.knowsContacts === true);
    } catch (error) {
      if (!isKindlyError(error)) throw error;
      return fail(`${error.detail.replace('send knowsContacts=true', 'pass --knows-contacts')}`);
    }
    const opened = await openInput(file, io.stdin);
    if (typeof opened === 'string') return fail(`cannot read ${file}: ${opened}`);
    const stream = opened.input as Partial<ReadStream>;
    const fraction = () =>
      opened.size && typeof stream.bytesRead === 'number' ? stream.bytesRead / opened.size : undefined;
    const bar = io.progress ? terminalProgress(io.progress, opened.size !== undefined) : undefined;
    const core = await deps.openCore();
    let job: ContactImport;
    try {
      let contacts: ContactFile;
      try {
        contacts = await deps.readContacts(opened.input);
      } catch (error) {
        if (!isKindlyError(error)) throw error;
        return fail(`${file === '-' ? 'the input' : file}: ${error.detail}`);
      }
      try {
        job = await createContactImport(core, options.member, {
          knowsContacts: true,
          format: contacts.format,
          layout: contacts.layout,
        });
      } catch (error) {
        if (!isKindlyError(error)) throw error;
        return fail(error.code === 'not_found' ? `no member has the id ${options.member}` : error.detail);
      }
      job = await runContactImport(core, job, contacts.contacts, {
        batchSize: deps.batchSize,
        onProgress: (now) => bar?.update(`${now.read} read: ${contactCounts(now)}`, fraction()),
      });
    } finally {
      bar?.done();
      opened.input.destroy();
      await core.store.close();
    }
    report(file, job, options.json === true);
  }

  function report(file: string, job: ContactImport, json: boolean) {
    if (json) {
      const { memberId: _member, updatedAt: _updated, ...shown } = job;
      io.out(JSON.stringify(shown));
    } else {
      io.out(
        `kindly: ${job.read} read: ${contactCounts(job)} (${job.format} ${job.layout}, import ${job.id})`,
      );
      for (const { line, code } of job.invalid) io.err(`  line ${line}: ${code}`);
      const unlisted = job.invalidCount - job.invalid.length;
      if (unlisted > 0) io.err(`  … and ${unlisted} more invalid addresses`);
    }
    if (job.state === 'failed')
      fail(`${file === '-' ? 'the input' : file}: stopped (${job.error}); what was read before stays`);
  }

  const contacts = program.command('contacts').description("members' address books");
  contacts
    .command('import')
    .description(
      "import an address-book file (CSV or vCard; `-` reads stdin) into a member's contacts; sends nothing, selects no one",
    )
    .argument('<file>', 'the file, or - for standard input')
    .requiredOption('--member <id>', 'the member whose book it is')
    .option('--knows-contacts', 'the member confirms they know these people (required)')
    .option('--json', 'print the summary as one JSON object')
    .action((file: string, options: ImportOptions) => runImport(file, options));
  return contacts;
}
