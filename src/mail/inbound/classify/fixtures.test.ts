/**
 * The repository's own bounce fixtures (fixtures/, README there): non-delivery reports in the layouts
 * of MTA families the sisimai corpus lacks, written from their public documentation and bug reports
 * with invented details, challenge-response messages, and messages to the return path that are no
 * bounce. They estimate how the classifier does on layouts it was not written against.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifiedMessage } from './bounce-report.js';
import { classifyMessage } from './classify-message.js';
import {
  compareRows,
  describeAgreement,
  type ExpectedRow,
  readExpectedRows,
} from './testing/expected-rows.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Rows where the classifier answers otherwise, and why (see fixtures/README.md). */
const knownMisses = [
  // The text reader follows sisimai: "user not found" with no SMTP command named is `filtered`.
  'coremail-user-not-found.eml#1: expected userunknown/hard, got filtered/soft',
  // The delay notice's history quotes "Connection dropped", which sisimai's phrases call blocked.
  'exchange2016-delayed.eml#1: expected expired/soft, got blocked/soft',
];

describe('the bounce fixtures', () => {
  let rows: ExpectedRow[] = [];
  const results = new Map<string, ClassifiedMessage>();

  beforeAll(async () => {
    rows = readExpectedRows(`${dir}expected.tsv`);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
      results.set(file, await classifyMessage(readFileSync(`${dir}${file}`)));
    }
  });

  it('has a row for every fixture', () => {
    expect(new Set(rows.map((r) => r.file))).toEqual(new Set(results.keys()));
  });

  it('classifies every fixture as expected.tsv says, but the known misses', () => {
    const agreement = compareRows(rows, results);
    console.log(describeAgreement(`fixtures/expected.tsv (${rows.length} rows)`, agreement));
    const fresh = agreement.misses.filter((m) => !knownMisses.includes(m));
    const fixed = knownMisses.filter((m) => !agreement.misses.includes(m));
    expect(fresh, 'fixtures that now differ from expected.tsv (a regression)').toEqual([]);
    expect(fixed, 'fixtures that now agree: take them out of knownMisses').toEqual([]);
  });

  it('reads every non-delivery report as a bounce of some kind, never "not a bounce"', () => {
    for (const row of rows) {
      const result = results.get(row.file);
      expect({ file: row.file, isBounce: result?.isBounce }).toEqual({ file: row.file, isBounce: true });
      expect(result?.reports[row.index - 1]?.category).not.toBe('not-a-bounce');
    }
  });

  it.each([false, true])(
    'finds no bounce in a person’s reply or a postmaster’s notice (arrivedAtVerp %s)',
    async (arrivedAtVerp) => {
      const negatives = `${dir}not-bounces/`;
      for (const file of readdirSync(negatives)) {
        const result = await classifyMessage(readFileSync(`${negatives}${file}`), { arrivedAtVerp });
        expect({ file, isBounce: result.isBounce, reports: result.reports }).toEqual({
          file,
          isBounce: false,
          reports: [],
        });
      }
    },
  );
});
