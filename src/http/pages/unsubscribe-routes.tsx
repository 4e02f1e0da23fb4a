/**
 * `/u/:token`: the List-Unsubscribe URL. Its GET shows one button and changes nothing (link scanners
 * follow GETs). Its POST is the RFC 8058 one-click unsubscribe: mail providers send it without cookies,
 * `Origin` or a CSRF field, so the token alone is its authority, and it answers 200, never a redirect.
 *
 * When the address is already suppressed, the GET also offers `POST /u/:token/resume`. That one is an
 * ordinary page form with CSRF protection: lifting a suppression must never follow from a provider's
 * one-click POST or another site's form.
 */
import { type Context, Hono } from 'hono';
import { checkStopLink, stopFromLink } from '../../core/recipient-actions.js';
import { resumeFromStopLink, stopLinkSuppressed } from '../../core/resume-mail.js';
import { checkPagePost, csrfToken } from './csrf.js';
import { clientAddress } from './do-not-contact-routes.js';
import { stopLabel } from './landing-page.js';
import { ActionForm, renderPage } from './layout.js';
import { forbiddenPage, MessagePage, tooManyPage } from './message-page.js';
import type { PageDeps } from './page-deps.js';
import { pageError } from './page-errors.js';
import { formBodyLimit, readForm } from './page-forms.js';
import { NothingToResumeView, ResumedView, ResumeOffer } from './resume-page.js';
import { StoppedView } from './stopped-page.js';

export const oneClickBody = 'List-Unsubscribe=One-Click';

/** The resume form's CSRF scope: apart from the stop token itself, so no other form's field fits it. */
export function resumeScope(token: string): string {
  return `resume:${token}`;
}

/** `one-click` for the RFC 8058 body (urlencoded or multipart), `link` for anything else, such as our form. */
export async function stopSource(c: Context): Promise<'one-click' | 'link'> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) {
      const fields = Object.entries(await c.req.parseBody());
      const [only] = fields;
      return fields.length === 1 && only?.[0] === 'List-Unsubscribe' && only[1] === 'One-Click'
        ? 'one-click'
        : 'link';
    }
    return (await c.req.text()).trim() === oneClickBody ? 'one-click' : 'link';
  } catch {
    return 'link';
  }
}

export function unsubscribeRoutes(deps: PageDeps): Hono {
  const app = new Hono();

  app.get('/u/:token', async (c) => {
    const token = c.req.param('token');
    try {
      const suppressed = await stopLinkSuppressed(deps.core, token);
      return await renderPage(
        c,
        <MessagePage deps={deps} title={`Never get e-mail from ${deps.brand} again?`} eyebrow="Unsubscribe">
          <p>{deps.brand} will never e-mail this address again: no invitations, no reminders, from anyone.</p>
          <div class="actions single">
            <ActionForm action={`/u/${token}`} label={stopLabel} />
          </div>
          {suppressed ? (
            <ResumeOffer deps={deps} token={token} csrf={csrfToken(deps.secret, resumeScope(token))} />
          ) : null}
        </MessagePage>,
      );
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  app.post('/u/:token', formBodyLimit(deps), async (c) => {
    const token = c.req.param('token');
    try {
      await stopFromLink(deps.core, token, await stopSource(c));
      return await renderPage(c, <StoppedView deps={deps} />);
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  app.post('/u/:token/resume', formBodyLimit(deps), async (c) => {
    const token = c.req.param('token');
    try {
      // A link that is not valid gets the same page as its GET would, whatever the form holds.
      await checkStopLink(deps.core, token);
      const form = await readForm(c);
      if (!checkPagePost(c, deps.secret, deps.baseUrl, resumeScope(token), form)) {
        return await forbiddenPage(c, deps, `/u/${token}`);
      }
      const decision = deps.rateLimit.take(`resume:${clientAddress(c, deps)}`);
      if (!decision.ok) return await tooManyPage(c, deps, decision.retryAfterSeconds);
      const lifted = await resumeFromStopLink(deps.core, token);
      return await renderPage(
        c,
        lifted ? (
          <ResumedView deps={deps} again={{ stopLink: `/u/${token}` }} />
        ) : (
          <NothingToResumeView deps={deps} again={{ stopLink: `/u/${token}` }} />
        ),
      );
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  return app;
}
