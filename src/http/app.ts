/**
 * The Hono app: the v1 JSON API, the recipient pages, health and (without SMTP) the dev mailbox.
 * Built by a factory so tests can drive it in-process with `app.request()`. Metrics are not served
 * here: this is the public port, and counters are the operator's (`KINDLY_METRICS_PORT`, served by
 * `main-metrics.ts` on loopback unless the operator says otherwise).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Registry } from 'prom-client';
import type { CoreDeps } from '../core/deps.js';
import type { Logger } from '../core/ports.js';
import { readContacts } from '../import/read-contacts.js';
import type { InboundObserver } from '../mail/inbound/inbound-observer.js';
import { batchInviteRoutes } from './api/batch-invite-routes.js';
import { bulkWithdrawRoutes } from './api/bulk-withdraw-routes.js';
import { type ContactReader, contactImportRoutes, isContactImportPath } from './api/contact-import-routes.js';
import { contactsRoutes } from './api/contacts-routes.js';
import { invitationsRoutes } from './api/invitations-routes.js';
import { membersRoutes } from './api/members-routes.js';
import { suggestionsRoutes } from './api/suggestions-routes.js';
import { suppressionImportPath, suppressionListRoutes } from './api/suppression-list-routes.js';
import { suppressionsRoutes } from './api/suppressions-routes.js';
import { tokensRoutes } from './api/tokens-routes.js';
import { devMailboxRoutes } from './dev/dev-mailbox-routes.js';
import { handleError } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { appTokenScope } from './middleware/app-token-scope.js';
import { bearerAuth } from './middleware/bearer-auth.js';
import { createRateLimiter } from './middleware/rate-limit.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { pageRoutes } from './pages/pages-routes.js';
import { problem } from './problem.js';
import { type WebhookSettings, webhookRoutes } from './webhooks/webhook-routes.js';

export interface AppDeps {
  core: CoreDeps;
  adminTokenHash: string;
  secret: string;
  brand: string;
  baseUrl: string;
  postalAddress: string;
  /** Mounts /dev/mailbox; only when no SMTP server is configured. */
  devMailbox: boolean;
  /** What requests and webhooks are counted into; served elsewhere, never on this app. */
  metrics: Registry;
  /** Told each webhook event's outcome; main.ts shares it with the inbound listener. */
  inbound?: InboundObserver;
  logger: Logger;
  /** Bounce and complaint webhooks of the providers configured; the others answer 404. */
  webhooks?: WebhookSettings;
  /** Reads address-book files for contact imports; `src/import/read-contacts.ts` unless a test gives its own. */
  readContacts?: ContactReader;
  /** Told of each contact import job started, with a promise that settles when it ends. */
  onContactImport?: (done: Promise<unknown>) => void;
}

export const maxBodyBytes = 64 * 1024;

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestMetrics(deps.metrics));
  // Before the API's body limit: providers post batches larger than it, and the webhooks set their own.
  app.route(
    '/webhooks',
    webhookRoutes({ core: deps.core, logger: deps.logger, observer: deps.inbound }, deps.webhooks),
  );
  const apiBodyLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => problem(c, 'payload_too_large', `Request bodies are limited to ${maxBodyBytes} bytes.`),
  });
  // The suppression import (up to 10,000 addresses) and the contact import (a file, streamed) set their
  // own, larger limits on their routes.
  app.use((c, next) =>
    c.req.path === suppressionImportPath || isContactImportPath(c.req.method, c.req.path)
      ? next()
      : apiBodyLimit(c, next),
  );

  app.route('/', healthRoutes(deps.core.store));

  const api = new Hono();
  api.use(bearerAuth(deps.adminTokenHash, deps.core));
  // What an embedding app's token may reach; everything else under /v1 is the operator's.
  api.use(appTokenScope(['/v1/members', '/v1/invitations']));
  api.route('/members', membersRoutes(deps.core));
  api.route(
    '/members',
    contactImportRoutes({
      core: deps.core,
      readContacts: deps.readContacts ?? readContacts,
      logger: deps.logger,
      onJob: deps.onContactImport,
    }),
  );
  api.route('/members', contactsRoutes(deps.core));
  api.route('/members', suggestionsRoutes(deps.core));
  api.route('/invitations', batchInviteRoutes(deps.core));
  api.route('/invitations', bulkWithdrawRoutes(deps.core));
  api.route('/invitations', invitationsRoutes(deps.core));
  api.route('/suppressions', suppressionListRoutes(deps.core));
  api.route('/suppressions', suppressionsRoutes(deps.core));
  api.route('/tokens', tokensRoutes(deps.core));
  app.route('/v1', api);

  app.route(
    '/',
    pageRoutes({
      core: deps.core,
      secret: deps.secret,
      brand: deps.brand,
      baseUrl: deps.baseUrl,
      postalAddress: deps.postalAddress,
      rateLimit: createRateLimiter({ limit: 5, windowMs: 10 * 60_000 }),
    }),
  );
  if (deps.devMailbox) app.route('/dev/mailbox', devMailboxRoutes(deps.core.store));

  app.notFound((c) => problem(c, 'not_found', `Nothing is served at ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => handleError(error, c, deps.logger));
  return app;
}
