/**
 * The one-line progress of a long import on a terminal, drawn by `cli-progress`: a bar and the
 * percentage of the file read when its size is known, then the running counts; the counts alone when it
 * is not (stdin). Redrawn in place at most ten times a second, and cleared when the import ends so the
 * summary starts on a clean line.
 */
import { SingleBar } from 'cli-progress';
import type { ImportSummary } from '../core/suppression-import.js';

export const barWidth = 24;

/** `11500 added, 300 existing, 200 invalid`. */
export function countsOf(totals: Readonly<ImportSummary>): string {
  return `${totals.added} added, ${totals.existing} existing, ${totals.invalidCount} invalid`;
}

export interface ImportProgress {
  /** The counts so far, and the fraction of the input read (0..1) when its size is known. */
  update(counts: string, fraction?: number): void;
  /** Draws the last state and clears the line. */
  done(): void;
}

/** Steps of the bar's total: the fraction read, in thousandths. */
const steps = 1000;

/**
 * A progress line written through `write` (stderr on a terminal). `sized`: whether fractions will come,
 * which decides between `[####····]  38% <counts>` and `<counts>`.
 */
export function terminalProgress(write: (text: string) => void, sized: boolean): ImportProgress {
  // cli-progress draws on a TTY stream; this one forwards its text (and escape sequences) to `write`.
  const stream = {
    isTTY: true,
    columns: 200,
    write: (text: string) => {
      write(text);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const bar = new SingleBar({
    stream,
    format: sized ? '[{bar}] {percentage}% {counts}' : '{counts}',
    barsize: barWidth,
    barCompleteChar: '#',
    barIncompleteChar: '·',
    clearOnComplete: true,
    hideCursor: false,
    gracefulExit: false,
    fps: 10,
  });
  let started = false;
  return {
    update(counts, fraction) {
      const value = Math.round(Math.min(1, Math.max(0, fraction ?? 0)) * steps);
      if (!started) {
        bar.start(steps, value, { counts });
        started = true;
      } else {
        bar.update(value, { counts });
      }
    },
    done() {
      if (started) bar.stop();
      started = false;
    },
  };
}
