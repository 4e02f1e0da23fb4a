import type { Context } from 'hono';
import type { CoreDeps } from '../../core/deps.js';
import type { RateLimiter } from '../middleware/rate-limit.js';

/** What the recipient pages need; the composition root builds one. */
export interface PageDeps {
  core: CoreDeps;
  /** Keys the CSRF tokens of the forms. */
  secret: string;
  /** The product's name as recipients see it, e.g. `Kindly`. */
  brand: string;
  /** Where the pages are served, e.g. `https://kindly.example`: forms must come from this origin. */
  baseUrl: string;
  /** The sender's postal address, shown in every page's footer. */
  postalAddress: string;
  /** Limits do-not-contact requests and stop-link resumes per client address. */
  rateLimit: RateLimiter;
  /**
   * The client's address, for rate limits. Defaults to the socket's peer address; behind a reverse
   * proxy, pass one that reads the proxy's trusted header.
   */
  clientIp?: (c: Context) => string | undefined;
}
