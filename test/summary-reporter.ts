import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain `Tests: N passed, N failed, N skipped` line, after vitest's own
 * summary, so that any log reader can count the result from the last line.
 */
export default class SummaryReporter implements Reporter {
  private line = '';

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests, but it is a failure all the same.
      if (testModule.state() === 'failed' && testModule.children.size === 0) failed++;
    }
    this.line = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  }

  onFinished(): void {
    if (this.line) process.stdout.write(`${this.line}\n`);
  }
}
