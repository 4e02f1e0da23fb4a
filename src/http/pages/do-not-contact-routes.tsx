/**
 * `/do-not-contact`: anyone may ask that an address never be mailed. Kindly mails a confirmation link
 * to it, and only that link's button suppresses. The answer never says whether the address is known.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import {
  checkDoNotContactLink,
  confirmDoNotContact,
  requestDoNotContact,
} from '../../core/do-not-contact.js';
import { AddressForm, type AddressPageProps } from './address-form.js';
import { checkPagePost, csrfToken, doNotContactScope, ensureCsrfCookie, readCsrfCookie } from './csrf.js';
import { stopLabel } from './landing-page.js';
import { ActionForm, renderPage } from './layout.js';
import { forbiddenPage, MessagePage, tooManyPage } from './message-page.js';
import type { PageDeps } from './page-deps.js';
import { pageError } from './page-errors.js';
import { formBodyLimit, readForm } from './page-forms.js';
import { resumeRequestPath } from './resume-page.js';
import { StoppedView } from './stopped-page.js';

export function clientAddress(c: Context, deps: PageDeps): string {
  const custom = deps.clientIp?.(c);
  if (custom) return custom;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket (an in-process request): every such caller shares one bucket.
    return 'unknown';
  }
}

function RequestForm({ deps, csrf, email, error }: AddressPageProps) {
  return (
    <MessagePage deps={deps} title={`Ask ${deps.brand} never to e-mail you`} eyebrow="Do not contact">
      <p>
        Enter your address. We will send it one message with a link; once you press the button behind that
        link, {deps.brand} will never e-mail the address again. This way nobody can silence someone else.
      </p>
      <AddressForm
        action="/do-not-contact"
        csrf={csrf}
        email={email}
        error={error}
        submit="Send me the link"
      />
      <p class="fine">
        Changed your mind about an earlier request?{' '}
        <a href={resumeRequestPath}>Let people invite you again</a>.
      </p>
    </MessagePage>
  );
}

export function doNotContactRoutes(deps: PageDeps): Hono {
  const app = new Hono();

  app.get('/do-not-contact', (c) => {
    const csrf = csrfToken(deps.secret, doNotContactScope(ensureCsrfCookie(c, deps.baseUrl)));
    return renderPage(c, <RequestForm deps={deps} csrf={csrf} />);
  });

  app.post('/do-not-contact', formBodyLimit(deps), async (c) => {
    const form = await readForm(c);
    const cookie = readCsrfCookie(c);
    const scope = cookie === undefined ? undefined : doNotContactScope(cookie);
    if (!scope || !checkPagePost(c, deps.secret, deps.baseUrl, scope, form)) {
      return forbiddenPage(c, deps, '/do-not-contact');
    }
    const decision = deps.rateLimit.take(`do-not-contact:${clientAddress(c, deps)}`);
    if (!decision.ok) return tooManyPage(c, deps, decision.retryAfterSeconds);
    const email = form.email ?? '';
    const again = (error: string) =>
      renderPage(
        c,
        <RequestForm deps={deps} csrf={csrfToken(deps.secret, scope)} email={email} error={error} />,
        422,
      );
    try {
      await requestDoNotContact(deps.core, email.trim());
    } catch (error) {
      return pageError(c, deps, error, { form: again });
    }
    // The same answer whether the address is known, already suppressed or was just asked about.
    return renderPage(
      c,
      <MessagePage deps={deps} title="Check that inbox" eyebrow="Do not contact">
        <p>
          If that address can receive mail, we have sent it a link to confirm. Press the button behind the
          link and {deps.brand} will never e-mail the address again.
        </p>
        <p class="fine">Nothing changes until the link is used. It may take a few minutes to arrive.</p>
      </MessagePage>,
    );
  });

  app.get('/do-not-contact/confirm/:token', async (c) => {
    const token = c.req.param('token');
    try {
      await checkDoNotContactLink(deps.core, token);
      return await renderPage(
        c,
        <MessagePage deps={deps} title="Confirm: never e-mail this address again" eyebrow="Do not contact">
          <p>Press the button and {deps.brand} will never e-mail this address again, whoever asks.</p>
          <div class="actions single">
            <ActionForm
              action={`/do-not-contact/confirm/${token}`}
              csrf={csrfToken(deps.secret, token)}
              label={stopLabel}
            />
          </div>
        </MessagePage>,
      );
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  app.post('/do-not-contact/confirm/:token', formBodyLimit(deps), async (c) => {
    const token = c.req.param('token');
    const form = await readForm(c);
    if (!checkPagePost(c, deps.secret, deps.baseUrl, token, form)) return forbiddenPage(c, deps, c.req.path);
    try {
      await confirmDoNotContact(deps.core, token);
      return await renderPage(c, <StoppedView deps={deps} />);
    } catch (error) {
      return pageError(c, deps, error);
    }
  });

  return app;
}
