/**
 * Reads what a test asserts on from Prometheus' text format, as a scraper would see it. (Test-only.)
 */

/**
 * Every sample of the metric `name`, keyed by its labels as printed (`kind="invitation",outcome="sent"`;
 * `''` for none). A histogram's parts are their own names: `<name>_count`, `<name>_bucket`.
 */
export function samples(text: string, name: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found[match[2] ?? ''] = Number(match[3]);
  }
  return found;
}

/** The samples of `name` that are not zero: what happened, and nothing else. */
export function counted(text: string, name: string): Record<string, number> {
  return Object.fromEntries(Object.entries(samples(text, name)).filter(([, value]) => value !== 0));
}
