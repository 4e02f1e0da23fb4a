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
  /**
   * The service's name as mail and pages show it (`KINDLY_BRAND`). Names are checked against it:
   * mail reads `"<name> via <brand>"`, so no name may show the brand or a look-alike of it.
   */
  brand: string;
  /** Tells the outbox worker that a message is due now, so it need not wait for its next poll. */
  onMessageQueued?: () => void;
}
