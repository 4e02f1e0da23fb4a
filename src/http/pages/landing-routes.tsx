/**
 * `/r/:token`: the invitation page and what its buttons do. GETs only show; each POST carries the
 * form's CSRF token and does one thing through the core.
 */
import { type Context, Hono } from 'hono';
import { isNameErrorCode } from '../../core/display-name.js';
import { isKindlyError } from '../../core/errors.js';
import {
  accept,
  blockInviter,
  decline,
  type Landing,
  openLanding,
  stopFromLanding,
} from '../../core/recipient-actions.js';
import { checkPagePost } from './csrf.js';
import { effectiveState } from './format.js';
import { ConfirmView, type LandingAction, LandingView } from './landing-page.js';
import { AcceptedView, BlockedView, DeclinedView, SignUpView } from './landing-results.js';
import { renderPage } from './layout.js';
import { forbiddenPage } from './message-page.js';
import type { PageDeps } from './page-deps.js';
import { closedPage, pageError } from './page-errors.js';
import { formBodyLimit, readForm } from './page-forms.js';
import { StoppedView } from './stopped-page.js';

const actions: readonly LandingAction[] = ['accept', 'decline', 'block', 'stop'];

type ActionHandler = (c: Context, token: string, form: Record<string, string>) => Promise<Response>;

export function landingRoutes(deps: PageDeps): Hono {
  const app = new Hono();
  const isOpen = (landing: Landing) =>
    effectiveState(landing.invitation, deps.core.clock.now()) === 'pending';

  app.get('/r/:token', async (c) => {
    const token = c.req.param('token');
    try {
      const landing = await openLanding(deps.core, token);
      if (!isOpen(landing)) return await closedPage(c, deps, token, 200);
      return await renderPage(c, <LandingView deps={deps} token={token} landing={landing} />);
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  for (const action of actions) {
    app.get(`/r/:token/${action}`, async (c) => {
      const token = c.req.param('token') ?? '';
      try {
        const landing = await openLanding(deps.core, token);
        if ((action === 'accept' || action === 'decline') && !isOpen(landing)) {
          return await closedPage(c, deps, token, 200);
        }
        return await renderPage(
          c,
          <ConfirmView deps={deps} token={token} landing={landing} action={action} />,
        );
      } catch (error) {
        return pageError(c, deps, error);
      }
    });
  }

  const post = (action: LandingAction, handle: ActionHandler) => {
    app.post(`/r/:token/${action}`, formBodyLimit(deps), async (c) => {
      const token = c.req.param('token') ?? '';
      const form = await readForm(c);
      if (!checkPagePost(c, deps.secret, deps.baseUrl, token, form))
        return forbiddenPage(c, deps, c.req.path);
      try {
        return await handle(c, token, form);
      } catch (error) {
        return pageError(c, deps, error, { invitationToken: token });
      }
    });
  };

  post('accept', async (c, token, form) => {
    const landing = await openLanding(deps.core, token);
    if (!isOpen(landing)) return closedPage(c, deps, token, 409);
    const props = { deps, token, landing };
    const name = form.name;
    try {
      const outcome = await accept(deps.core, token, name);
      if (!outcome.accepted) return await renderPage(c, <SignUpView {...props} />);
      return await renderPage(c, <AcceptedView {...props} />);
    } catch (error) {
      // Every name problem is the recipient's to fix: the form again, with what to change beside the field.
      if (!isKindlyError(error) || !isNameErrorCode(error.code)) throw error;
      return renderPage(c, <SignUpView {...props} name={name} error={error.detail} />, 422);
    }
  });

  post('decline', async (c, token) => {
    const landing = await openLanding(deps.core, token);
    if (!isOpen(landing)) return closedPage(c, deps, token, 409);
    await decline(deps.core, token);
    return renderPage(c, <DeclinedView deps={deps} token={token} landing={landing} />);
  });

  post('block', async (c, token) => {
    const landing = await blockInviter(deps.core, token);
    return renderPage(c, <BlockedView deps={deps} token={token} landing={landing} />);
  });

  post('stop', async (c, token) => {
    await stopFromLanding(deps.core, token);
    return renderPage(c, <StoppedView deps={deps} />);
  });

  return app;
}
