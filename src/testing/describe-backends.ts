/**
 * Suites that run once per database (SQLite, and Postgres when its server is there) report a
 * backend they cannot reach as skipped tests, as a missing corpus does, instead of leaving them out.
 * Apart from `postgres-database.ts` so that scripts (benchmarks) can make databases without vitest.
 */
import { describe } from 'vitest';

/**
 * `describe.each` for backends: one suite per backend, titled with `$name` replaced by its name,
 * and a backend marked `skip` still collected, so that its tests count as skipped rather than
 * vanish from the run. `body` runs while collecting either way (vitest collects skipped suites);
 * it registers hooks and cases only, which do not run for a skipped backend.
 */
export function describeBackends<B extends { name: string; skip?: boolean }>(
  backends: readonly B[],
  title: string,
  body: (backend: B) => void,
): void {
  for (const backend of backends)
    describe.skipIf(backend.skip === true)(title.replaceAll('$name', backend.name), () => body(backend));
}
