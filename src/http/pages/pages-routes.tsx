/**
 * The recipient pages: server-rendered HTML that works without JavaScript or an account. Mount with
 * `app.route('/', pageRoutes(deps))`; the security headers apply to these paths only.
 */
import { Hono } from 'hono';
import { doNotContactRoutes } from './do-not-contact-routes.js';
import { landingRoutes } from './landing-routes.js';
import type { PageDeps } from './page-deps.js';
import { pageHeaders } from './page-headers.js';
import { problemRoutes } from './problem-pages.js';
import { resumeLinkRoutes } from './resume-link-routes.js';
import { stylesheet, stylesheetPath } from './styles.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';

export const pagePaths = [
  '/r/*',
  '/u/*',
  '/do-not-contact',
  '/do-not-contact/*',
  '/problems',
  '/problems/*',
  '/assets/*',
] as const;

export function pageRoutes(deps: PageDeps): Hono {
  const app = new Hono();
  for (const path of pagePaths) app.use(path, pageHeaders());

  app.get(stylesheetPath, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(stylesheet);
  });

  app.route('/', landingRoutes(deps));
  app.route('/', unsubscribeRoutes(deps));
  app.route('/', doNotContactRoutes(deps));
  app.route('/', resumeLinkRoutes(deps));
  app.route('/', problemRoutes(deps));
  return app;
}
