/**
 * CSV address books: which delimiter and layout a file uses, from its first records, then its
 * contacts one record at a time. Parsing is csv-parse's (RFC 4180 quotes, fields with commas and
 * line breaks), streamed, so a file of any length is read in constant memory.
 *
 * A file may open with lines that are neither header nor contact (LinkedIn's `Notes:` and its
 * paragraph): records before the header are passed over. A file without a header (`Alice,alice@…`
 * or one address a line) is recognised by an address standing alone in a cell of an early record.
 */
import { CsvError, type Options, type Parser, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { KindlyError } from '../core/errors.js';
import { displayName, distinctAddresses } from './contact-values.js';
import { type ColumnPlan, planForHeader } from './csv-layouts.js';
import type { ImportedContact } from './read-contacts.js';

/** How a CSV file is read: its delimiter, its layout's columns, and the index of its first contact. */
export interface CsvPlan extends ColumnPlan {
  readonly delimiter: string;
  /** 0-based index of the first record that is a contact, empty lines counted as records. */
  readonly firstRecord: number;
}

/** Tried in this order; the first wins a tie. */
const delimiters = [',', ';', '\t'] as const;
/** The header, or the first contact of a file without one, must be among these first records. */
const leadingRecords = 20;
/** One record (a contact's row, quoted line breaks included) longer than this is not an address book. */
export const maxRecordChars = 1024 * 1024;

/**
 * Empty lines are records too (one empty cell), so that lines can be counted from the records: the
 * parser's own count comes only with a per-record info object that halves its speed.
 */
function parserOptions(delimiter: string): Options {
  return { delimiter, relax_column_count: true, relax_quotes: true, max_record_size: maxRecordChars };
}

/**
 * The plan for a CSV file from `sample`, its first characters (line breaks as LF; `complete` when
 * it is the whole file).
 *
 * @throws KindlyError `unsupported_contacts_file` when no delimiter gives a header with an address
 *   column or an early record with an address standing alone in a cell
 */
export async function planCsv(sample: string, complete: boolean): Promise<CsvPlan> {
  // A record cut at the sample's end would read as a shorter one.
  const text = complete ? sample : sample.slice(0, sample.lastIndexOf('\n') + 1);
  let best: { plan: CsvPlan; score: number[] } | null = null;
  for (const delimiter of delimiters) {
    const records = firstRecords(text, delimiter);
    const found = planFromRecords(records, delimiter);
    if (found && (!best || isBetter(found.score, best.score))) best = found;
  }
  if (!best) {
    throw new KindlyError(
      'unsupported_contacts_file',
      `The file has no header with an e-mail column and no address in its first ${leadingRecords} rows, with comma, semicolon or tab between fields.`,
    );
  }
  return best.plan;
}

function isBetter(score: number[], than: number[]): boolean {
  for (let i = 0; i < score.length; i += 1) {
    if (score[i] !== than[i]) return (score[i] as number) > (than[i] as number);
  }
  return false;
}

/** The first records of `text` with `delimiter`, as far as they parse. */
function firstRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  try {
    parseSync(text, {
      ...parserOptions(delimiter),
      to: leadingRecords * 2,
      on_record: (record: string[]) => {
        records.push(record);
        return null;
      },
    });
  } catch {
    // A quote left open at the sample's end, or quotes that do not fit this delimiter: what came before counts.
  }
  return records;
}

/**
 * A header a layout knows, or an address alone in a cell, among the first records, scored: a header
 * beats none, then more records whose address cell holds only an address, then more columns.
 */
function planFromRecords(records: string[][], delimiter: string): { plan: CsvPlan; score: number[] } | null {
  for (let i = 0; i < Math.min(records.length, leadingRecords); i += 1) {
    const record = records[i] as string[];
    const header = planForHeader(record);
    if (header) {
      const plan = { ...header, delimiter, firstRecord: i + 1 };
      return { plan, score: [1, bareAddressRows(records.slice(i + 1), plan.emailColumns), record.length] };
    }
    const column = record.findIndex(isBareAddress);
    if (column >= 0) {
      // No header: the address column is the first that holds one, and the name the first other column.
      const nameColumn = record.findIndex((_, j) => j !== column);
      const plan: CsvPlan = {
        layout: 'plain',
        emailColumns: [column],
        nameColumns: nameColumn >= 0 ? [[nameColumn]] : [],
        delimiter,
        firstRecord: i,
      };
      return { plan, score: [0, bareAddressRows(records.slice(i), [column]), record.length] };
    }
  }
  return null;
}

function bareAddressRows(records: string[][], columns: readonly number[]): number {
  return records.filter((record) => columns.some((i) => isBareAddress(record[i] ?? ''))).length;
}

/** A cell that is an address and nothing else (no name, no second field glued on by a wrong delimiter). */
function isBareAddress(cell: string): boolean {
  return /^[^\s@"<>,;]+@[^\s@"<>,;]+$/.test(cell.trim());
}

/**
 * The contacts of a CSV file, in file order, each with the line its record starts on: `text` is the
 * whole file (line breaks as LF) and `plan` what `planCsv` found in its first characters. Rows with
 * nothing in them are not contacts. The contacts before a line that cannot be read are given before
 * the error.
 *
 * @throws KindlyError `unsupported_contacts_file` while iterating, naming the line, when the rest of
 *   the file is not CSV (a quote never closed, a record over 1 MiB)
 */
export async function* csvContacts(
  text: AsyncIterable<string>,
  plan: CsvPlan,
): AsyncGenerator<ImportedContact> {
  const records: string[][] = [];
  const parser = parse(parserOptions(plan.delimiter));
  parser.on('data', (record: string[]) => records.push(record));
  parser.on('error', () => {});
  let index = 0;
  let line = 1;
  // The text goes in one chunk at a time and the records of each come out before the next, so
  // `records` stays small and none is lost to an error the parser raises further on.
  function* contacts(): Generator<ImportedContact> {
    for (const record of records.splice(0)) {
      const start = line;
      line += 1 + lineBreaksIn(record);
      index += 1;
      if (index > plan.firstRecord && !isBlank(record)) yield toContact(record, start, plan);
    }
  }
  try {
    for await (const piece of text) {
      await written(parser, piece);
      yield* contacts();
    }
    await ended(parser);
    yield* contacts();
  } catch (error) {
    yield* contacts();
    // Every record before the one that failed has been counted: `line` is where that one starts.
    throw error instanceof CsvError ? unreadable(error, line) : error;
  } finally {
    parser.destroy();
  }
}

function written(parser: Parser, text: string): Promise<void> {
  return new Promise((resolve, reject) => parser.write(text, (error) => (error ? reject(error) : resolve())));
}

function ended(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once('error', reject);
    parser.end(() => resolve());
  });
}

function toContact(record: string[], line: number, plan: CsvPlan): ImportedContact {
  return {
    line,
    name: nameOf(record, plan.nameColumns),
    emails: distinctAddresses(plan.emailColumns.map((i) => record[i] ?? '')),
  };
}

/** An empty line, or a row of empty cells. */
function isBlank(record: string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

/** The first of the layout's ways to name a contact that gives a name in this record. */
function nameOf(record: readonly string[], alternatives: ColumnPlan['nameColumns']): string | null {
  for (const columns of alternatives) {
    const name = displayName(columns.map((i) => record[i]));
    if (name) return name;
  }
  return null;
}

function lineBreaksIn(record: string[]): number {
  let count = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) count += 1;
  }
  return count;
}

/** The parser's messages quote the field; the detail names the line and the fault only. */
function unreadable(error: CsvError, line: number): KindlyError {
  const why: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by more text before the next delimiter',
    CSV_MAX_RECORD_SIZE: `a row is longer than ${maxRecordChars / 1024 / 1024} MiB`,
  };
  return new KindlyError(
    'unsupported_contacts_file',
    `The CSV cannot be read from line ${line} on: ${why[error.code] ?? `the parser stopped with ${error.code}`}.`,
    { cause: error },
  );
}
