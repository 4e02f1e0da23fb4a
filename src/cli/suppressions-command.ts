/**
 * `kindly suppressions import [--reason r] [--scope s] [--json] <file|->` and `kindly suppressions export
 * [--json]`: the suppression list in and out, straight against the configured database. Import reads
 * clear addresses and keeps only their keys; export gives keys, never addresses.
 */
import { once } from 'node:events';
import type { ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { CoreDeps } from '../core/deps.js';
import { isKindlyError } from '../core/errors.js';
import type { Suppression } from '../core/model.js';
import { parseScope } from '../core/suppress.js';
import { suppressionPages } from '../core/suppression-export.js';
import {
  type ImportSummary,
  importableReasons,
  importSuppressions,
  parseImportReason,
} from '../core/suppression-import.js';
import { addressEntries } from './address-lines.js';
import { openInput } from './open-input.js';
import { countsOf, terminalProgress } from './progress-line.js';

/** Where the command reads and writes; the defaults are the process's own streams and exit code. */
export interface SuppressionsIo {
  out(line: string): void;
  /**
   * Resolves once the reader has taken what `out` wrote so far, so a long export held up by a slow
   * reader (`| ssh …`, a pager) waits instead of buffering the whole list in memory.
   */
  drained?: (() => Promise<void>) | undefined;
  err(line: string): void;
  /** Raw text for a progress line redrawn in place; absent when stderr is not a terminal. */
  progress?: ((text: string) => void) | undefined;
  stdin(): Readable;
  setExitCode(code: number): void;
}

export interface SuppressionsCommandDeps {
  /** The core over the configured (and migrated) database; the command closes its store when done. */
  openCore: () => Promise<CoreDeps>;
  io?: SuppressionsIo;
  /** Suppressions per durable transaction (import) and per page (export); tests make them small. */
  batchSize?: number;
  pageSize?: number;
}

const processIo: SuppressionsIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  drained: () =>
    process.stdout.writableNeedDrain
      ? once(process.stdout, 'drain').then(() => undefined)
      : Promise.resolve(),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: process.stderr.isTTY ? (text) => process.stderr.write(text) : undefined,
  stdin: () => process.stdin,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export const exportHeader = 'key,scope,reason,source,created_at';

/** RFC 4180: quoted only when it must be. Keys and scopes never need it; a source might one day. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function exportCsvLine(s: Suppression): string {
  return [s.key, s.scope, s.reason, s.source, s.createdAt].map(csvField).join(',');
}

export function exportJsonLine(s: Suppression): string {
  return JSON.stringify({
    key: s.key,
    scope: s.scope,
    reason: s.reason,
    source: s.source,
    createdAt: s.createdAt,
  });
}

interface ImportOptions {
  reason?: string;
  scope?: string;
  json?: boolean;
}

export function registerSuppressionsCommand(program: Command, deps: SuppressionsCommandDeps): Command {
  const io = deps.io ?? processIo;
  const fail = (command: string, message: string) => {
    io.err(`kindly suppressions ${command}: ${message}`);
    io.setExitCode(1);
  };

  async function runImport(file: string, options: ImportOptions): Promise<void> {
    let reason: string;
    let scope: string;
    try {
      reason = parseImportReason(options.reason);
      scope = parseScope(options.scope);
    } catch (error) {
      if (!isKindlyError(error)) throw error;
      return fail('import', error.detail);
    }
    const opened = await openInput(file, io.stdin, 'utf8');
    if (typeof opened === 'string') return fail('import', `cannot read ${file}: ${opened}`);
    let readError: Error | undefined;
    opened.input.on('error', (error) => {
      readError = error;
    });
    const lines = createInterface({ input: opened.input, crlfDelay: Number.POSITIVE_INFINITY });
    const bar = io.progress ? terminalProgress(io.progress, opened.size !== undefined) : undefined;
    const stream = opened.input as Partial<ReadStream>;
    const fraction = () =>
      opened.size && typeof stream.bytesRead === 'number' ? stream.bytesRead / opened.size : undefined;
    const core = await deps.openCore();
    let summary: ImportSummary;
    try {
      summary = await importSuppressions(core, addressEntries(lines), {
        reason,
        scope,
        actor: 'operator',
        batchSize: deps.batchSize,
        onProgress: (totals) => bar?.update(`${totals.read} read: ${countsOf(totals)}`, fraction()),
      });
    } catch (error) {
      // What was committed before the failure stays; running the same file again counts it as existing.
      if (readError) return fail('import', `cannot read ${file}: ${readError.message}`);
      if (!isKindlyError(error)) throw error;
      return fail('import', error.detail);
    } finally {
      bar?.done();
      lines.close();
      opened.input.destroy();
      await core.store.close();
    }
    report(file, summary, { reason, scope, json: options.json === true });
  }

  function report(
    file: string,
    summary: ImportSummary,
    how: { reason: string; scope: string; json: boolean },
  ) {
    const invalid = summary.invalid.map((i) => ({ line: i.index, code: i.code }));
    if (how.json) {
      const { invalid: _byIndex, ...counts } = summary;
      io.out(JSON.stringify({ ...counts, invalid, reason: how.reason, scope: how.scope }));
    } else {
      io.out(`kindly: ${summary.read} read: ${countsOf(summary)} (reason ${how.reason}, scope ${how.scope})`);
      for (const { line, code } of invalid) io.err(`  line ${line}: ${code}`);
      const unlisted = summary.invalidCount - invalid.length;
      if (unlisted > 0) io.err(`  … and ${unlisted} more invalid lines`);
    }
    if (summary.read > 0 && summary.invalidCount === summary.read) {
      fail('import', `no valid address in ${file === '-' ? 'the input' : file}`);
    }
  }

  async function runExport(options: { json?: boolean }): Promise<void> {
    const core = await deps.openCore();
    try {
      if (!options.json) io.out(exportHeader);
      for await (const page of suppressionPages(core.store, deps.pageSize)) {
        io.out(page.map(options.json ? exportJsonLine : exportCsvLine).join('\n'));
        await io.drained?.();
      }
    } finally {
      await core.store.close();
    }
  }

  const suppressions = program
    .command('suppressions')
    .description('the suppression list: import clear addresses (only their keys are kept), export keys');
  suppressions
    .command('import')
    .description(
      'suppress every address of a file (one a line, or CSV with the address first; `-` reads stdin), ' +
        'closing pending invitations to them',
    )
    .argument('<file>', 'the file, or - for standard input')
    .option('--reason <reason>', `why: ${importableReasons.join(', ')}`, 'request')
    .option('--scope <scope>', 'global, or inviter:<memberId>', 'global')
    .option('--json', 'print the summary as one JSON object')
    .action((file: string, options: ImportOptions) => runImport(file, options));
  suppressions
    .command('export')
    .description(`print every suppression, oldest first, as CSV (${exportHeader})`)
    .option('--json', 'one JSON object per line instead')
    .action((options: { json?: boolean }) => runExport(options));
  return suppressions;
}
