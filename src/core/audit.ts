import type { AuditEvent } from './model.js';
import type { Ids, Store } from './ports.js';

/** Appends one line to the audit log. Data must never hold a clear address: keys and ids only. */
export function recordEvent(
  store: Store,
  ids: Ids,
  at: Date,
  event: Omit<AuditEvent, 'id' | 'at' | 'data'> & { data?: Record<string, unknown> },
): Promise<void> {
  return store.insertEvent({ ...event, id: ids.id('evt'), at: at.toISOString(), data: event.data ?? null });
}
