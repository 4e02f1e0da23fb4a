import type { Context } from 'hono';
import { isKindlyError } from '../../core/errors.js';
import { openLanding } from '../../core/recipient-actions.js';
import { effectiveState } from './format.js';
import { ClosedView } from './landing-page.js';
import { renderPage } from './layout.js';
import { notValidPage, tooManyPage } from './message-page.js';
import type { PageDeps } from './page-deps.js';

export interface ErrorContext {
  /** The invitation token of the page, to show what became of its invitation. */
  invitationToken?: string;
  /** Renders the form again with the error's detail (422), for `invalid_email` and `invalid_name`. */
  form?: (detail: string) => Promise<Response>;
}

/**
 * Maps the core's errors to readable pages. Anything else is rethrown for the app's error handler:
 * a recipient page should never need it.
 */
export async function pageError(
  c: Context,
  deps: PageDeps,
  error: unknown,
  context: ErrorContext = {},
): Promise<Response> {
  if (!isKindlyError(error)) throw error;
  switch (error.code) {
    case 'token_invalid':
      return notValidPage(c, deps);
    case 'invitation_not_pending':
      if (context.invitationToken !== undefined) {
        return closedPage(c, deps, context.invitationToken, 409).catch((again) => pageError(c, deps, again));
      }
      break;
    case 'invalid_email':
    case 'invalid_name':
      if (context.form) return context.form(error.detail);
      break;
    case 'rate_limited':
      return tooManyPage(c, deps, error.retryAfterSeconds ?? 60);
  }
  throw error;
}

/** The "no longer open" page of an invitation token. */
export async function closedPage(c: Context, deps: PageDeps, token: string, status: 200 | 409) {
  const landing = await openLanding(deps.core, token);
  const state = effectiveState(landing.invitation, deps.core.clock.now());
  return renderPage(c, <ClosedView deps={deps} token={token} landing={landing} state={state} />, status);
}
