/**
 * Where the shared test corpora are: `../shared/corpora` beside the project root (see its README).
 * They are read in place and never copied into the repository, so a clone without that folder
 * (anyone's clone) skips the tests that need them, each file printing one line that names the
 * missing folder, as the Postgres half does. CI sets `KINDLY_REQUIRE_CORPORA=1`, and then a missing
 * folder fails the run instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The corpora folder, as a `file:` URL ending in `/`. */
export const corporaUrl = new URL('../../../shared/corpora/', import.meta.url);

/** The corpora folder as a path. */
export const corporaDir = fileURLToPath(corporaUrl);

/** True when `KINDLY_REQUIRE_CORPORA=1`: a missing corpora folder fails the run instead of skipping. */
export function corporaRequired(): boolean {
  return process.env.KINDLY_REQUIRE_CORPORA === '1';
}

const said = new Set<string>();

/**
 * True when `../shared/corpora/<sub>` exists. When it does not, says once per (file, folder) on the
 * console that `what` is skipped, or throws when the corpora are required.
 *
 * Use it as `describe.skipIf(!hasCorpus('bounces', 'the bounce corpus tests'))(…)`, and read the
 * corpus inside the suite (in `beforeAll` or a test), never at import time, so that the file loads
 * without it.
 *
 * @param sub a folder or file under `shared/corpora`, such as `bounces/eml` or `vcards`
 * @param what what is skipped without it, for the skip line
 * @throws Error when the folder is missing and `KINDLY_REQUIRE_CORPORA=1`
 */
export function hasCorpus(sub: string, what = `the tests that read shared/corpora/${sub}`): boolean {
  const path = fileURLToPath(new URL(sub, corporaUrl));
  if (existsSync(path)) return true;
  if (corporaRequired()) {
    throw new Error(
      `KINDLY_REQUIRE_CORPORA=1 but ${path} is missing (the shared corpora beside the project)`,
    );
  }
  const line = `skipped: ${what}: ${path} is missing (the shared corpora are not beside this clone)`;
  if (!said.has(line)) {
    said.add(line);
    console.warn(line);
  }
  return false;
}

/** The path of `../shared/corpora/<sub>`, whether or not it exists. */
export function corpusPath(sub: string): string {
  return fileURLToPath(new URL(sub, corporaUrl));
}
