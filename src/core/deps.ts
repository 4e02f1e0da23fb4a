import type { Clock, Ids, Store } from './ports.js';
import type { Rules } from './rules.js';

/** What every use case needs. The composition root builds one; tests build one over a real store. */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** The suppression key of an address (HMAC of its canonical form). */
  keyOf: (address: string) => string;
  rules: Rules;
  /** Tells the outbox worker that a message is due now, so it need not wait for its next poll. */
  onMessageQueued?: () => void;
}
