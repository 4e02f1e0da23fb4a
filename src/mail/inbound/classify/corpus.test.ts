/**
 * The classifier against sisimai's corpus of real bounces, read in place from ../shared/corpora
 * (never copied into the project). expected.tsv holds sisimai's answer per failed recipient; the
 * category each row stands for is derived as the corpus README says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BounceCategory, ClassifiedMessage } from './bounce-report.js';
import { classifyMessage } from './classify-message.js';

const corpora = new URL('../../../../../shared/corpora/', import.meta.url);
const bounces = new URL('bounces/', corpora);
const emlDir = new URL('eml/', bounces);

interface Row {
  file: string;
  index: number;
  status: string;
  replyCode: string;
  reason: string;
  hardBounce: boolean;
  feedbackType: string;
}

function expectedRows(): Row[] {
  const lines = readFileSync(new URL('expected.tsv', bounces), 'utf8').trim().split('\n').slice(1);
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
      feedbackType,
    };
  });
}

/**
 * The corpus README's reading: hard_bounce → hard; feedback → complaint, except a DMARC
 * auth-failure report, which is no person's complaint (we call it not-a-bounce); vacation or an
 * rfc3834-* file → auto-reply; delivered → delivered; anything else → soft.
 */
function expectedCategory(row: Row): BounceCategory {
  if (row.hardBounce) return 'hard';
  if (row.reason === 'feedback') return row.feedbackType === 'auth-failure' ? 'not-a-bounce' : 'complaint';
  if (row.reason === 'vacation' || row.file.startsWith('rfc3834-')) return 'auto-reply';
  if (row.reason === 'delivered') return 'delivered';
  return 'soft';
}

const percent = (n: number, of: number) => `${n}/${of} rows (${((100 * n) / of).toFixed(1)}%)`;

describe('the sisimai bounce corpus', () => {
  const results = new Map<string, ClassifiedMessage>();
  const rows = expectedRows();

  beforeAll(async () => {
    for (const file of readdirSync(emlDir)) {
      results.set(file, await classifyMessage(readFileSync(new URL(file, emlDir))));
    }
  });

  it('reads every message without throwing', () => {
    expect(results.size).toBe(484);
    for (const result of results.values()) expect(Array.isArray(result.reports)).toBe(true);
  });

  it('agrees with sisimai on the category (≥ 98%) and the reason (≥ 90%) of each failed recipient', () => {
    // Two files list recipient_index 1 twice; there the k-th row of the file is the k-th recipient.
    const seen = new Map<string, number>();
    const duplicated = new Set(
      rows
        .filter((r, i) => rows.findIndex((o) => o.file === r.file && o.index === r.index) !== i)
        .map((r) => r.file),
    );
    let category = 0;
    let reason = 0;
    let recipient = 0;
    let status = 0;
    let replyCode = 0;
    const misses: string[] = [];
    for (const row of rows) {
      const nth = seen.get(row.file) ?? 0;
      seen.set(row.file, nth + 1);
      const report = results.get(row.file)?.reports[duplicated.has(row.file) ? nth : row.index - 1];
      const want = expectedCategory(row);
      if (report?.category === want) category++;
      if (report?.reason === row.reason) reason++;
      if (report?.recipient?.includes('@')) recipient++;
      if ((report?.status ?? '') === row.status) status++;
      if ((report?.replyCode ?? '') === row.replyCode) replyCode++;
      if (report?.category !== want || report?.reason !== row.reason) {
        misses.push(
          `${row.file}#${row.index}: expected ${row.reason}/${want}, got ${report?.reason ?? 'nothing'}/${report?.category ?? '-'}`,
        );
      }
    }
    const n = rows.length;
    const files = new Set(rows.map((r) => r.file));
    const countsAgree = [...files].filter(
      (f) => rows.filter((r) => r.file === f).length === results.get(f)?.reports.length,
    ).length;
    console.log(
      [
        `category agreement: ${percent(category, n)}`,
        `reason agreement: ${percent(reason, n)}`,
        `recipient found: ${percent(recipient, n)} (recipient count agrees for ${countsAgree}/${files.size} files)`,
        `status agreement: ${percent(status, n)}`,
        `reply code agreement: ${percent(replyCode, n)}`,
        'rows that differ:',
        ...misses.map((m) => `  ${m}`),
      ].join('\n'),
    );
    expect(category / n).toBeGreaterThanOrEqual(0.98);
    expect(reason / n).toBeGreaterThanOrEqual(0.9);
  });

  it('finds no bounce in the three negative controls', async () => {
    const dir = new URL('not-bounces/', bounces);
    const files = readdirSync(dir);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const result = await classifyMessage(readFileSync(new URL(file, dir)));
      expect({ file, isBounce: result.isBounce, reports: result.reports }).toEqual({
        file,
        isBounce: false,
        reports: [],
      });
    }
  });
});

/** mail-auth's enum names for the ARF tokens the parser exposes as written; Unspecified is absence. */
const enumNames: Record<string, string | null> = {
  Abuse: 'abuse',
  AuthFailure: 'auth-failure',
  Fraud: 'fraud',
  NotSpam: 'not-spam',
  Virus: 'virus',
  Other: 'other',
  BodyHash: 'bodyhash',
  Dmarc: 'dmarc',
  Spf: 'spf',
  Signature: 'signature',
  Revoked: 'revoked',
  Adsp: 'adsp',
  Unspecified: null,
};

/** Fields of the .json files that the parser deliberately does not expose. */
const notExposed = new Set(['message']);

describe('the ARF complaint corpus (mail-auth)', () => {
  const dir = new URL('complaints/', corpora);

  it.each(['001', '002', '003', '004', '005'])('report %s gives the fields of its .json', async (name) => {
    const result = await classifyMessage(readFileSync(new URL(`${name}.eml`, dir)));
    const expected = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(result.isBounce).toBe(true);
    expect(result.feedback).not.toBeNull();
    for (const [field, value] of Object.entries(expected)) {
      if (notExposed.has(field)) continue;
      const want = typeof value === 'string' && value in enumNames ? enumNames[value] : value;
      expect({ field, value: result.feedback?.[field] }).toEqual({ field, value: want });
    }
    const report = result.reports[0];
    const authFailure = expected.feedback_type === 'AuthFailure';
    expect(report?.reason).toBe('feedback');
    expect(report?.category).toBe(authFailure ? 'not-a-bounce' : 'complaint');
  });
});
