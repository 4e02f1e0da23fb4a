/**
 * Reading an uploaded address book: `readContacts` over a generated Google Contacts CSV of 1,000,000
 * rows, against the bare CSV parser (csv-parse with its defaults, no decoding, no layout, no mapping)
 * on the same file in the same run. Each run is a child process of its own, so that the two do not
 * share a heap and each one's peak RSS (`process.resourceUsage().maxRSS`) is its own; runs alternate
 * between the two, and the medians are compared.
 *
 * Run with `npx tsx bench/contacts-import.ts [--rows N] [--runs N]`; `benchContactsImport()` is the
 * same for a harness. The file is written to a temporary folder and removed afterwards.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readContacts } from '../src/import/read-contacts.js';

type Reader = 'readContacts' | 'csv-parse';

export interface RunFigures {
  /** Contacts (readContacts) or records (csv-parse, the header included) read. */
  records: number;
  /** Wall-clock time of the read. */
  ms: number;
  /** CPU time (user + system) of the read: steadier than wall-clock time on a shared machine. */
  cpuMs: number;
  /** Peak resident set size of the child process, in bytes. */
  maxRssBytes: number;
}

export interface ReaderFigures {
  runs: RunFigures[];
  medianMs: number;
  rowsPerSecond: number;
  medianCpuMs: number;
  rowsPerCpuSecond: number;
  /** The highest peak RSS among the runs, in bytes. */
  peakRssBytes: number;
}

export interface ContactsImportBench {
  rows: number;
  fileBytes: number;
  readContacts: ReaderFigures;
  bare: ReaderFigures;
  /** readContacts' rows per second over the bare parser's: what decoding, detection and mapping cost. */
  ratio: number;
  /** The same in rows per CPU second. */
  cpuRatio: number;
}

/** Writes the CSV, runs each reader `runs` times in child processes, and returns the figures. */
export async function benchContactsImport(
  options: { rows?: number; runs?: number } = {},
): Promise<ContactsImportBench> {
  const rows = options.rows ?? 1_000_000;
  const runs = Math.max(1, options.runs ?? 3);
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-contacts-bench-'));
  try {
    const file = path.join(dir, 'contacts.csv');
    await writeGoogleCsv(file, rows);
    const figures: Record<Reader, RunFigures[]> = { readContacts: [], 'csv-parse': [] };
    for (let run = 0; run < runs; run += 1) {
      for (const reader of ['readContacts', 'csv-parse'] as const)
        figures[reader].push(await runChild(reader, file));
    }
    const mine = summarise(figures.readContacts, rows);
    const bare = summarise(figures['csv-parse'], rows);
    if (figures.readContacts.some((run) => run.records !== rows)) throw new Error('readContacts missed rows');
    if (figures['csv-parse'].some((run) => run.records !== rows + 1))
      throw new Error('csv-parse missed rows');
    return {
      rows,
      fileBytes: statSync(file).size,
      readContacts: mine,
      bare,
      ratio: mine.rowsPerSecond / bare.rowsPerSecond,
      cpuRatio: mine.rowsPerCpuSecond / bare.rowsPerCpuSecond,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

function summarise(runs: RunFigures[], rows: number): ReaderFigures {
  const medianMs = median(runs.map((run) => run.ms));
  const medianCpuMs = median(runs.map((run) => run.cpuMs));
  return {
    runs,
    medianMs,
    rowsPerSecond: rows / (medianMs / 1000),
    medianCpuMs,
    rowsPerCpuSecond: rows / (medianCpuMs / 1000),
    peakRssBytes: Math.max(...runs.map((run) => run.maxRssBytes)),
  };
}

/** A Google Contacts export: one address per row, a second one and a ` ::: ` pair now and then, a multi-line note. */
async function writeGoogleCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    'First Name,Middle Name,Last Name,Nickname,Organization Name,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,' +
      'E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value\n',
  );
  let batch = '';
  for (let i = 0; i < rows; i += 1) {
    const note = i % 100 === 0 ? '"Met at the fair, hall 3\nask about the, offer"' : '';
    const first = i % 7 === 0 ? `p${i}@example.org ::: p${i}@example.net` : `p${i}@example.org`;
    const second = i % 3 === 0 ? `p${i}.work@example.com` : '';
    batch += `Person${i},,Number ${i},,Company ${i % 997},${note},* myContacts,* Home,${first},Work,${second},Mobile,+1 555 ${i}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = '';
    }
  }
  out.end(batch);
  await finished(out);
}

/** Runs one reader over the file in a fresh Node process and reads its figures from stdout. */
function runChild(reader: Reader, file: string): Promise<RunFigures> {
  const script = fileURLToPath(import.meta.url);
  const args = ['--import', import.meta.resolve('tsx'), script, '--child', reader, file];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the ${reader} run exited with ${code}`));
      else resolve(JSON.parse(output) as RunFigures);
    });
  });
}

/** In the child: read the file once with one reader. */
async function childRun(reader: Reader, file: string): Promise<RunFigures> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let records = 0;
  if (reader === 'readContacts') {
    const contacts = await readContacts(createReadStream(file));
    for await (const _ of contacts.contacts) records += 1;
  } else {
    for await (const _ of createReadStream(file).pipe(parse({ relax_column_count: true }))) records += 1;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // cpuUsage is in microseconds, maxRSS in kibibytes.
  return {
    records,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function option(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en')} rows/s`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    const figures = await childRun(process.argv[child + 1] as Reader, process.argv[child + 2] as string);
    process.stdout.write(JSON.stringify(figures));
  } else {
    const result = await benchContactsImport({ rows: option('--rows'), runs: option('--runs') });
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    const line = (label: string, figures: ReaderFigures) =>
      `  ${label}: ${rate(figures.rowsPerSecond)} (median of ${figures.runs.map((run) => seconds(run.ms)).join(', ')} s), ` +
      `${rate(figures.rowsPerCpuSecond)} of CPU (median of ${figures.runs.map((run) => seconds(run.cpuMs)).join(', ')} s), ` +
      `peak RSS ${mb(figures.peakRssBytes)}`;
    console.log(
      [
        `contacts import of ${result.rows.toLocaleString('en')} CSV rows (${mb(result.fileBytes)}), ${result.readContacts.runs.length} runs each, one process per run:`,
        line('readContacts       ', result.readContacts),
        line('csv-parse by itself', result.bare),
        `  readContacts reads at ${result.ratio.toFixed(2)}x the rate of the bare parser (${result.cpuRatio.toFixed(2)}x per CPU second)`,
      ].join('\n'),
    );
  }
}
