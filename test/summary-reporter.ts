import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain `Tests: N passed, N failed, N skipped` line, after vitest's own
 * summary, so that any log reader can count the result from the last line.
 *
 * A file that fails to load, a suite whose `beforeAll`/`afterAll` throws and an error no test
 * caught each fail the run without failing a test (the tests of such a suite read as skipped), so
 * each counts as one failure here too: the line never says `0 failed` for a run that failed.
 */
export default class SummaryReporter implements Reporter {
  private line = '';

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      for (const suite of [testModule, ...testModule.children.allSuites()]) {
        if (suite.errors().length > 0) failed++;
      }
    }
    this.line = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  }

  onFinished(): void {
    if (this.line) process.stdout.write(`${this.line}\n`);
  }
}
