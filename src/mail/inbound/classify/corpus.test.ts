/**
 * The classifier against the shared corpora, read in place from ../shared/corpora (never copied into
 * the project; each suite skips with one line when its folder is absent, and fails instead under
 * KINDLY_REQUIRE_CORPORA=1):
 * - bounces/: sisimai's set of real bounces, the corpus the classifier was written against.
 *   expected.tsv holds sisimai's answer per failed recipient; the rows where Kindly answers otherwise
 *   are pinned below, so that any new difference fails and any row that comes to agree says so.
 * - field/bounces/: messages written from other parsers' bug reports; every row must agree.
 * - complaints/: mail-auth's ARF reports with every parsed field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../../../testing/corpora.js';
import type { ClassifiedMessage } from './bounce-report.js';
import { classifyMessage } from './classify-message.js';
import {
  compareRows,
  describeAgreement,
  type ExpectedRow,
  expectedCategory,
  readExpectedRows,
} from './testing/expected-rows.js';

/**
 * Every row of bounces/expected.tsv where Kindly's category or reason differs from sisimai's, and why
 * (docs/bounces.md says more). A row that comes to agree must be taken out of this list; a row that
 * comes to differ is a regression.
 */
const knownMisses = [
  // The row data does not describe this file: one DSN for one recipient, 5.1.1 "User Unknown".
  'rfc3464-01.eml#1: expected mailboxfull/soft, got userunknown/hard',
  'rfc3464-01.eml#1: expected mailboxfull/soft, got nothing/-',
  // Two messages concatenated; the second row belongs to the second, which is not read.
  'rhost-cox-01.eml#2: expected blocked/soft, got nothing/-',
  // "542 … Rejected": a rule of an older MessageLabs module Kindly has no source for.
  'rhost-messagelabs-03.eml#1: expected userunknown/hard, got onhold/soft',
  // "mail.local: unknown user" with 5.5.0 and no command: today's sisimai rules say filtered.
  'rfc3464-06.eml#1: expected userunknown/hard, got filtered/soft',
  // Gmail's "does not have authentication information": no phrase of the tables Kindly has.
  'lhost-sendmail-59.eml#1: expected authfailure/soft, got securityerror/soft',
];

/** Reads a directory's messages into results, failing loudly on any message that makes it throw. */
async function classifyAll(dir: string, files: readonly string[]): Promise<Map<string, ClassifiedMessage>> {
  const results = new Map<string, ClassifiedMessage>();
  for (const file of files) results.set(file, await classifyMessage(readFileSync(join(dir, file))));
  return results;
}

describe.skipIf(!hasCorpus('bounces', 'the sisimai bounce corpus tests'))('the sisimai bounce corpus', () => {
  let files: string[] = [];
  let rows: ExpectedRow[] = [];
  let results = new Map<string, ClassifiedMessage>();

  beforeAll(async () => {
    const dir = corpusPath('bounces/eml');
    files = readdirSync(dir).sort();
    rows = readExpectedRows(corpusPath('bounces/expected.tsv'));
    results = await classifyAll(dir, files);
  });

  it('reads every message, with or without a row in expected.tsv', () => {
    expect(files).toHaveLength(484);
    expect([...results.keys()]).toEqual(files);
    for (const result of results.values()) expect(result.isBounce).toBe(result.reports.length > 0);
  });

  it('agrees with sisimai on every row but the known misses, and on ≥ 98% of categories', () => {
    const agreement = compareRows(rows, results);
    console.log(describeAgreement(`bounces/expected.tsv (${rows.length} rows)`, agreement));
    const fresh = agreement.misses.filter((m) => !knownMisses.includes(m));
    const fixed = knownMisses.filter((m) => !agreement.misses.includes(m));
    expect(fresh, 'rows that now differ from expected.tsv (a regression)').toEqual([]);
    expect(fixed, 'rows that now agree: take them out of knownMisses').toEqual([]);
    expect(agreement.category / agreement.rows).toBeGreaterThanOrEqual(0.98);
  });

  it('finds no bounce in the three negative controls', async () => {
    const dir = corpusPath('bounces/not-bounces');
    const names = readdirSync(dir);
    expect(names).toHaveLength(3);
    for (const file of names) {
      const result = await classifyMessage(readFileSync(join(dir, file)));
      expect({ file, isBounce: result.isBounce, reports: result.reports }).toEqual({
        file,
        isBounce: false,
        reports: [],
      });
    }
  });

  it('reads a postmaster notice that came to our return path as the bounce it is', async () => {
    // rb-issue-368-bug.eml is a negative control above: a postmaster's prose, no code, no report
    // Subject. Arriving at a VERP address of ours it is read as a report about our message.
    const raw = readFileSync(corpusPath('bounces/not-bounces/rb-issue-368-bug.eml'));
    const result = await classifyMessage(raw, { arrivedAtVerp: true });
    expect(result.reports).toEqual([
      expect.objectContaining({ recipient: 'xxxx@yyyyyy.net', reason: 'mailboxfull', category: 'soft' }),
    ]);
  });
});

describe.skipIf(!hasCorpus('field/bounces', 'the field bounce tests'))('the field bounces', () => {
  it('classifies every file as its expected.tsv says (reason, hard bounce, feedback type)', async () => {
    const dir = corpusPath('field/bounces');
    const rows = readExpectedRows(join(dir, 'expected.tsv'));
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(new Set(rows.map((r) => r.file))).toEqual(new Set(files));
    const results = await classifyAll(dir, files);
    console.log(
      describeAgreement(`field/bounces/expected.tsv (${rows.length} rows)`, compareRows(rows, results)),
    );
    for (const row of rows) {
      const report = results.get(row.file)?.reports[row.index - 1];
      expect({ file: row.file, reason: report?.reason, hardBounce: report?.hardBounce }).toEqual({
        file: row.file,
        reason: row.reason,
        hardBounce: row.hardBounce,
      });
      expect({ file: row.file, category: report?.category }).toEqual({
        file: row.file,
        category: expectedCategory(row),
      });
      expect({ file: row.file, feedbackType: report?.feedbackType ?? '' }).toEqual({
        file: row.file,
        feedbackType: row.feedbackType,
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

describe.skipIf(!hasCorpus('complaints', 'the ARF complaint corpus tests'))(
  'the ARF complaint corpus (mail-auth)',
  () => {
    it.each(['001', '002', '003', '004', '005'])('report %s gives the fields of its .json', async (name) => {
      const result = await classifyMessage(readFileSync(corpusPath(`complaints/${name}.eml`)));
      const expected = JSON.parse(readFileSync(corpusPath(`complaints/${name}.json`), 'utf8')) as Record<
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
  },
);
