/**
 * Test support: the `expected.tsv` tables of the bounce corpora and the repository's fixtures (one
 * row per failed recipient: file, recipient_index, status, reply_code, reason, hard_bounce,
 * feedback_type) and how far the classifier agrees with them.
 */
import { readFileSync } from 'node:fs';
import type { BounceCategory, ClassifiedMessage } from '../bounce-report.js';

export interface ExpectedRow {
  file: string;
  /** 1-based order of the failed recipient in its message. */
  index: number;
  status: string;
  replyCode: string;
  reason: string;
  hardBounce: boolean;
  feedbackType: string;
}

/** The rows of an expected.tsv (its first line names the columns). */
export function readExpectedRows(path: string): ExpectedRow[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file = '', index = '', status = '', replyCode = '', reason = '', hard = '', feedbackType = ''] =
      line.split('\t');
    return {
      file,
      index: Number(index),
      status,
      replyCode,
      reason,
      hardBounce: hard === 'true',
      feedbackType: feedbackType.trim(),
    };
  });
}

/**
 * The corpus README's reading: hard_bounce → hard; feedback → complaint, except a DMARC
 * auth-failure report, which is no person's complaint (Kindly calls it not-a-bounce); vacation or an
 * rfc3834-* file → auto-reply; delivered → delivered; anything else → soft.
 */
export function expectedCategory(row: ExpectedRow): BounceCategory {
  if (row.hardBounce) return 'hard';
  if (row.reason === 'feedback') return row.feedbackType === 'auth-failure' ? 'not-a-bounce' : 'complaint';
  if (row.reason === 'vacation' || row.file.startsWith('rfc3834-')) return 'auto-reply';
  if (row.reason === 'delivered') return 'delivered';
  return 'soft';
}

export interface Agreement {
  rows: number;
  category: number;
  reason: number;
  status: number;
  replyCode: number;
  /** Rows whose report has an address at the row's position. */
  recipient: number;
  /** `file#index: expected reason/category, got reason/category`, for rows whose category or reason differ. */
  misses: string[];
}

/**
 * Compares each row with the report at its position. Where a file lists the same recipient_index
 * twice, the k-th row of the file is read as the k-th recipient (the index means "order of failed
 * recipients").
 */
export function compareRows(
  rows: readonly ExpectedRow[],
  results: ReadonlyMap<string, ClassifiedMessage>,
): Agreement {
  const duplicated = new Set(
    rows
      .filter((r, i) => rows.findIndex((o) => o.file === r.file && o.index === r.index) !== i)
      .map((r) => r.file),
  );
  const seen = new Map<string, number>();
  const out: Agreement = {
    rows: rows.length,
    category: 0,
    reason: 0,
    status: 0,
    replyCode: 0,
    recipient: 0,
    misses: [],
  };
  for (const row of rows) {
    const nth = seen.get(row.file) ?? 0;
    seen.set(row.file, nth + 1);
    const report = results.get(row.file)?.reports[duplicated.has(row.file) ? nth : row.index - 1];
    const want = expectedCategory(row);
    if (report?.category === want) out.category++;
    if (report?.reason === row.reason) out.reason++;
    if ((report?.status ?? '') === row.status) out.status++;
    if ((report?.replyCode ?? '') === row.replyCode) out.replyCode++;
    if (report?.recipient?.includes('@')) out.recipient++;
    if (report?.category !== want || report?.reason !== row.reason) {
      out.misses.push(
        `${row.file}#${row.index}: expected ${row.reason}/${want}, got ${report?.reason ?? 'nothing'}/${report?.category ?? '-'}`,
      );
    }
  }
  return out;
}

const percent = (n: number, of: number) => `${n}/${of} rows (${((100 * n) / of).toFixed(1)}%)`;

/** The figures as lines for the test log. */
export function describeAgreement(name: string, a: Agreement): string {
  return [
    `${name}:`,
    `  category agreement: ${percent(a.category, a.rows)}`,
    `  reason agreement: ${percent(a.reason, a.rows)}`,
    `  status agreement: ${percent(a.status, a.rows)}`,
    `  reply code agreement: ${percent(a.replyCode, a.rows)}`,
    `  recipient found: ${percent(a.recipient, a.rows)}`,
    ...(a.misses.length > 0 ? ['  rows that differ:', ...a.misses.map((m) => `    ${m}`)] : []),
  ].join('\n');
}
