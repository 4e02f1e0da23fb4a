/**
 * Importing a list of clear addresses (another provider's unsubscribes, bounces or complaints, or an
 * operator's own list) into the suppression list, which keeps only their keys.
 */
import { parseAddress } from './address.js';
import type { CoreDeps } from './deps.js';
import { type ErrorCode, isKindlyError, KindlyError } from './errors.js';
import { type SuppressionReason, type SuppressionScope, suppressionReasons } from './model.js';
import type { Store } from './ports.js';
import { applySuppression, parseScope } from './suppress.js';

/**
 * What a list from elsewhere may say about its addresses. `decline-block` and `soft-bounce` are not
 * here: only Kindly's own flows know that a recipient blocked an inviter, or counted three soft bounces.
 */
export const importableReasons = [
  'request',
  'stop',
  'hard-bounce',
  'complaint',
  'admin',
  'erasure',
] as const satisfies readonly SuppressionReason[];
export type ImportableReason = (typeof importableReasons)[number];

/** Suppressions written per durable transaction: one fsync per batch, never one giant transaction. */
export const importBatchSize = 500;
/** Invalid entries listed in a summary; the rest are only counted. */
export const invalidListed = 100;

export interface ImportEntry {
  address: string;
  /** Where the caller found it: the array index for the API, the line number for the CLI. */
  index: number;
}

export interface InvalidEntry {
  index: number;
  code: ErrorCode;
}

export interface ImportSummary {
  /** Entries considered: added + existing + invalidCount. */
  read: number;
  added: number;
  /** Already suppressed at this scope, or a repeat (after canonicalisation) of an earlier entry. */
  existing: number;
  /** The first `invalidListed` invalid entries, in order. */
  invalid: InvalidEntry[];
  invalidCount: number;
}

export interface ImportOptions {
  reason?: string | undefined;
  scope?: string | undefined;
  /** Who asked, for the audit log. */
  actor: string;
  batchSize?: number;
  /** Told the running totals after each batch commits. */
  onProgress?: (summary: Readonly<ImportSummary>) => void;
}

export function parseImportReason(reason: string | undefined): ImportableReason {
  if (reason === undefined) return 'request';
  if ((importableReasons as readonly string[]).includes(reason)) return reason as ImportableReason;
  const allowed = importableReasons.join(', ');
  if ((suppressionReasons as readonly string[]).includes(reason)) {
    throw new KindlyError(
      'invalid_input',
      `reason "${reason}" cannot be imported: only Kindly's own flows record it. Use one of ${allowed}.`,
    );
  }
  throw new KindlyError('invalid_input', `reason must be one of ${allowed}.`);
}

/**
 * Suppresses every valid address of `entries` at one scope, with one reason and source `import`,
 * through `applySuppression`, so pending invitations to them close as `undeliverable` and their mail
 * is cancelled. Invalid addresses are counted and skipped. Reads `entries` lazily, a batch at a time,
 * so a list of any length needs memory for one batch only; batches committed before a failure stay.
 */
export async function importSuppressions(
  deps: CoreDeps,
  entries: AsyncIterable<ImportEntry> | Iterable<ImportEntry>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const reason = parseImportReason(options.reason);
  const scope = parseScope(options.scope);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? importBatchSize));
  const summary: ImportSummary = { read: 0, added: 0, existing: 0, invalid: [], invalidCount: 0 };
  const request = { scope, reason, actor: options.actor };

  let keys: string[] = [];
  const flush = async () => {
    if (keys.length === 0) return;
    const batch = keys;
    keys = [];
    const { added, existing } = await deps.store.durableTransaction((tx) =>
      suppressBatch(deps, tx, batch, request),
    );
    summary.added += added;
    summary.existing += existing;
    options.onProgress?.(summary);
  };

  for await (const entry of entries) {
    summary.read += 1;
    // The clear address lives only in this loop: it is keyed here and never handed on.
    const key = keyOrCode(deps, entry.address);
    if (typeof key === 'string') {
      keys.push(key);
      if (keys.length >= batchSize) await flush();
    } else {
      summary.invalidCount += 1;
      if (summary.invalid.length < invalidListed)
        summary.invalid.push({ index: entry.index, code: key.code });
    }
  }
  await flush();
  return summary;
}

/** The address's key, or the code `parseAddress` refused it with; the reason text may quote it, so it is dropped. */
function keyOrCode(deps: CoreDeps, address: string): string | { code: ErrorCode } {
  try {
    return deps.keyOf(parseAddress(address));
  } catch (error) {
    if (isKindlyError(error)) return { code: error.code };
    throw error;
  }
}

/**
 * One batch in one transaction. Counts start from zero on every run, since a transaction the database
 * gave up is run again from the start. A repeat within the batch finds the row its first occurrence
 * wrote a moment before, so it counts as existing like any earlier suppression.
 */
async function suppressBatch(
  deps: CoreDeps,
  tx: Store,
  keys: readonly string[],
  request: { scope: SuppressionScope; reason: SuppressionReason; actor: string },
): Promise<{ added: number; existing: number }> {
  const inviterId = request.scope === 'global' ? undefined : request.scope.slice('inviter:'.length);
  let added = 0;
  let existing = 0;
  for (const key of keys) {
    const found = await tx.findSuppressions(key, inviterId);
    if (found.some((s) => s.scope === request.scope)) {
      existing += 1;
      continue;
    }
    await applySuppression(deps, tx, { key, ...request, source: 'import' });
    added += 1;
  }
  return { added, existing };
}
