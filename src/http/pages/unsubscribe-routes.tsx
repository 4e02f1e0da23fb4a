/**
 * `/u/:token`: the List-Unsubscribe URL. Its GET shows one button and changes nothing (link scanners
 * follow GETs). Its POST is the RFC 8058 one-click unsubscribe: mail providers send it without cookies,
 * `Origin` or a CSRF field, so the token alone is its authority, and it answers 200, never a redirect.
 */
import { type Context, Hono } from 'hono';
import { checkStopLink, stopFromLink } from '../../core/recipient-actions.js';
import { stopLabel } from './landing-page.js';
import { ActionForm, renderPage } from './layout.js';
import { MessagePage } from './message-page.js';
import type { PageDeps } from './page-deps.js';
import { pageError } from './page-errors.js';
import { formBodyLimit } from './page-forms.js';
import { StoppedView } from './stopped-page.js';

export const oneClickBody = 'List-Unsubscribe=One-Click';

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
      await checkStopLink(deps.core, token);
      return await renderPage(
        c,
        <MessagePage deps={deps} title={`Never get e-mail from ${deps.brand} again?`} eyebrow="Unsubscribe">
          <p>{deps.brand} will never e-mail this address again: no invitations, no reminders, from anyone.</p>
          <div class="actions single">
            <ActionForm action={`/u/${token}`} label={stopLabel} />
          </div>
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

  return app;
}
