/**
 * "Let people invite me again" for anyone, stop link or not (`core/resume-link.ts`):
 *
 * - `GET /do-not-contact/resume`: a form asking for the address; `POST` mails it a one-time link and
 *   answers with the same page, after the same writes, whether the address is known, unknown or
 *   suppressed (rate-limited per client here, and per address in the core);
 * - `GET /do-not-contact/resume/:token`: the mailed link shows one CSRF-protected button and changes
 *   nothing; its `POST` uses the link up and lifts the address's global suppression.
 *
 * Both forms sit under `/do-not-contact`, so the request form's CSRF field binds the same
 * double-submit cookie as the do-not-contact form, under a scope of its own.
 */
import { Hono } from 'hono';
import { isKindlyError } from '../../core/errors.js';
import {
  checkResumeLink,
  requestResumeLink,
  resumeFromMailedLink,
  resumeLinkRule,
} from '../../core/resume-link.js';
import { resumeLinkPath } from '../../mail/compose/resume-link-mail.js';
import { AddressForm, type AddressPageProps } from './address-form.js';
import { checkPagePost, csrfToken, ensureCsrfCookie, readCsrfCookie } from './csrf.js';
import { clientAddress } from './do-not-contact-routes.js';
import { ActionForm, renderPage } from './layout.js';
import { forbiddenPage, MessagePage, tooManyPage } from './message-page.js';
import type { PageDeps } from './page-deps.js';
import { pageError } from './page-errors.js';
import { formBodyLimit, readForm } from './page-forms.js';
import { NothingToResumeView, ResumedView, resumeLabel, resumeRequestPath } from './resume-page.js';

/** The request form's CSRF scope, bound to the browser's cookie; apart from the do-not-contact form's. */
function requestScope(cookie: string): string {
  return `resume-request:${cookie}`;
}

/** A mailed link's CSRF scope: apart from the token itself, so no other form's field fits it. */
function linkScope(token: string): string {
  return `resume-link:${token}`;
}

const eyebrow = 'Let people invite me again';

function RequestForm({ deps, csrf, email, error }: AddressPageProps) {
  return (
    <MessagePage deps={deps} title="Let people invite you again" eyebrow={eyebrow}>
      <p>
        Asked {deps.brand} never to e-mail you, marked one of its messages as spam, or think someone did that
        for you? Enter your address. We will send it one message with a link; press the button behind that
        link within {resumeLinkRule.validMinutes} minutes and invitations may reach the address again. Anyone
        you blocked stays blocked.
      </p>
      <AddressForm
        action={resumeRequestPath}
        csrf={csrf}
        email={email}
        error={error}
        submit="Send me the link"
      />
    </MessagePage>
  );
}

function ExpiredPage({ deps }: { deps: PageDeps }) {
  return (
    <MessagePage deps={deps} title="This link no longer works" eyebrow={eyebrow}>
      <p>
        Links to let people invite you again work once, for {resumeLinkRule.validMinutes} minutes after they
        are sent. Nothing has changed.
      </p>
      <p>
        <a href={resumeRequestPath}>Ask for a new link</a>.
      </p>
    </MessagePage>
  );
}

export function resumeLinkRoutes(deps: PageDeps): Hono {
  const app = new Hono();

  app.get(resumeRequestPath, (c) => {
    const csrf = csrfToken(deps.secret, requestScope(ensureCsrfCookie(c, deps.baseUrl)));
    return renderPage(c, <RequestForm deps={deps} csrf={csrf} />);
  });

  app.post(resumeRequestPath, formBodyLimit(deps), async (c) => {
    const form = await readForm(c);
    const cookie = readCsrfCookie(c);
    const scope = cookie === undefined ? undefined : requestScope(cookie);
    if (!scope || !checkPagePost(c, deps.secret, deps.baseUrl, scope, form)) {
      return forbiddenPage(c, deps, resumeRequestPath);
    }
    const decision = deps.rateLimit.take(`resume-request:${clientAddress(c, deps)}`);
    if (!decision.ok) return tooManyPage(c, deps, decision.retryAfterSeconds);
    const email = form.email ?? '';
    try {
      await requestResumeLink(deps.core, email.trim());
    } catch (error) {
      return pageError(c, deps, error, {
        form: (detail) =>
          renderPage(
            c,
            <RequestForm deps={deps} csrf={csrfToken(deps.secret, scope)} email={email} error={detail} />,
            422,
          ),
      });
    }
    // The same answer, after the same writes, whatever the address is and whatever it did.
    return renderPage(
      c,
      <MessagePage deps={deps} title="Check that inbox" eyebrow={eyebrow}>
        <p>
          If that address can receive mail, we have sent it a link. Press the button behind it within{' '}
          {resumeLinkRule.validMinutes} minutes and invitations may reach the address again.
        </p>
        <p class="fine">Nothing changes until the link is used. It may take a few minutes to arrive.</p>
      </MessagePage>,
    );
  });

  app.get(`${resumeRequestPath}/:token`, async (c) => {
    const token = c.req.param('token');
    try {
      await checkResumeLink(deps.core, token);
    } catch (error) {
      if (isKindlyError(error) && error.code === 'token_invalid') {
        return renderPage(c, <ExpiredPage deps={deps} />, 404);
      }
      return pageError(c, deps, error);
    }
    return renderPage(
      c,
      <MessagePage deps={deps} title="Let people invite you again?" eyebrow={eyebrow}>
        <p>
          Press the button and this address comes off {deps.brand}'s list of addresses never to e-mail,
          whatever put it there. Invitations from people on {deps.brand} may then reach it again, within the
          usual limits. Anyone you blocked stays blocked, and invitations already closed stay closed.
        </p>
        <div class="actions single">
          <ActionForm
            action={resumeLinkPath(token)}
            csrf={csrfToken(deps.secret, linkScope(token))}
            label={resumeLabel}
          />
        </div>
      </MessagePage>,
    );
  });

  app.post(`${resumeRequestPath}/:token`, formBodyLimit(deps), async (c) => {
    const token = c.req.param('token');
    const form = await readForm(c);
    if (!checkPagePost(c, deps.secret, deps.baseUrl, linkScope(token), form)) {
      return forbiddenPage(c, deps, resumeLinkPath(token));
    }
    const decision = deps.rateLimit.take(`resume-link:${clientAddress(c, deps)}`);
    if (!decision.ok) return tooManyPage(c, deps, decision.retryAfterSeconds);
    try {
      const lifted = await resumeFromMailedLink(deps.core, token);
      const again = { doNotContact: true } as const;
      return await renderPage(
        c,
        lifted ? (
          <ResumedView deps={deps} again={again} />
        ) : (
          <NothingToResumeView deps={deps} again={again} />
        ),
      );
    } catch (error) {
      if (isKindlyError(error) && error.code === 'token_invalid') {
        return renderPage(c, <ExpiredPage deps={deps} />, 404);
      }
      return pageError(c, deps, error);
    }
  });

  return app;
}
