/**
 * The one-line progress of a long import, redrawn in place on a terminal. Hand-written: a bar and four
 * counts need no dependency.
 */
import type { ImportSummary } from '../core/suppression-import.js';

const barWidth = 24;

/** `[#########···············]  38% 12000 read: 11500 added, 300 existing, 200 invalid`; no bar when the size is unknown. */
export function progressLine(totals: Readonly<ImportSummary>, fraction?: number): string {
  return progressBar(`${totals.read} read: ${countsOf(totals)}`, fraction);
}

/** The bar and percentage before any import's counts; the counts alone when the fraction is unknown. */
export function progressBar(counts: string, fraction?: number): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return counts;
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * barWidth);
  const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'·'.repeat(barWidth - filled)}] ${percent} ${counts}`;
}

export function countsOf(totals: Readonly<ImportSummary>): string {
  return `${totals.added} added, ${totals.existing} existing, ${totals.invalidCount} invalid`;
}

/** Writes each line over the last (`\r`, then erase to the end of the line); `done` leaves a clean line. */
export function terminalProgress(write: (text: string) => void): { show(line: string): void; done(): void } {
  let shown = false;
  return {
    show(line) {
      write(`\r\x1b[K${line}`);
      shown = true;
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
