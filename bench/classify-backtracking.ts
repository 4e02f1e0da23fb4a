/**
 * The bounce classifier on a message built to make regular expressions backtrack
 * (`src/testing/backtracking-mail.ts`), at 1, 2 and 4 times its size. Time that grows with the
 * square of the size is a pattern that backtracks; the run fails when four times the input takes
 * more than eight times as long, or when the smallest takes over 5 s. Run with
 * `npx tsx bench/classify-backtracking.ts`. A duration depends on the machine and its load, so it
 * is measured here and not asserted by a test.
 */
import { classifyMessage } from '../src/mail/inbound/classify/classify-message.js';
import { backtrackingMail } from '../src/testing/backtracking-mail.js';

async function timed(scale: number): Promise<number> {
  const raw = backtrackingMail(scale);
  // The fastest of three, so that a pause elsewhere on the machine does not count.
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await classifyMessage(raw);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const times = new Map<number, number>();
for (const scale of [1, 2, 4]) times.set(scale, await timed(scale));
const [one, four] = [times.get(1) ?? 0, times.get(4) ?? 0];
console.log(
  `classifier on a backtracking message: ${[...times].map(([s, ms]) => `${s}x ${ms.toFixed(0)} ms`).join(', ')}` +
    ` (4x input took ${(four / one).toFixed(1)}x as long)`,
);
if (one > 5_000 || four > 8 * one) {
  console.error('the classifier backtracks: its time grows faster than its input');
  process.exitCode = 1;
}
