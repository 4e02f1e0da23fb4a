/**
 * `/problems/:code`: what each problem `type` in an API error points at. RFC 9457 asks that a type URI,
 * when dereferenced, explain the problem to a person; a developer who pastes one into a browser gets
 * the code, its status and what to do about it.
 */
import { Hono } from 'hono';
import { type HttpErrorCode, isHttpErrorCode, problemTitle, statusOf } from '../problem.js';
import { renderPage } from './layout.js';
import { MessagePage } from './message-page.js';
import type { PageDeps } from './page-deps.js';

/** What the caller can do about it, where that is more than the title says. */
const remedies: Partial<Record<HttpErrorCode, string>> = {
  invalid_input: 'The detail names the field; fix it and send the request again.',
  invalid_email: 'Ask for the address again: it cannot receive mail as written.',
  unauthorized: 'Send Authorization: Bearer <token> with the operator token or a token from POST /v1/tokens.',
  forbidden_for_app_token: 'Use the operator token, or a token created with role "operator".',
  complaint_suppression: 'Only the recipient can lift it, from the stop link in any message they received.',
  invitation_conflict: 'Read the invitation again and decide with what it says now.',
  rate_limited: 'Wait for the seconds in Retry-After.',
  inviter_daily_limit: 'Wait for the seconds in Retry-After.',
  inviter_weekly_limit: 'Wait for the seconds in Retry-After.',
  inviter_pending_limit: 'Withdraw invitations that will not be answered, or wait for them to expire.',
  inviter_throttled: 'The detail says why and until when; nothing the app sends will shorten it.',
  reinvite_after_withdrawal: 'Wait for the seconds in Retry-After.',
  reinvite_after_decline: 'Wait for the seconds in Retry-After; the address said no thanks to this inviter.',
  unsupported_contacts_file:
    'Export the address book again as CSV (Google, Outlook, LinkedIn, Thunderbird, or a column of addresses) or as vCard; the detail says what was found.',
  unavailable: 'Retry after the seconds in Retry-After; nothing was written.',
  internal_error: 'Retry later; the log of the service has the cause.',
};

export function problemRoutes(deps: PageDeps): Hono {
  const app = new Hono();

  app.get('/problems', (c) =>
    renderPage(
      c,
      <MessagePage deps={deps} title="API problem codes" eyebrow="Developers">
        <p>Every error of the JSON API is a problem document (RFC 9457) with one of these codes.</p>
        <ul>
          {(Object.keys(statusOf) as HttpErrorCode[]).map((code) => (
            <li>
              <a href={`/problems/${code}`}>{code}</a> ({statusOf[code]}): {problemTitle(code)}
            </li>
          ))}
        </ul>
      </MessagePage>,
    ),
  );

  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    if (!isHttpErrorCode(code)) {
      return renderPage(
        c,
        <MessagePage deps={deps} title="No such problem code">
          <p>
            See <a href="/problems">the list of problem codes</a>.
          </p>
        </MessagePage>,
        404,
      );
    }
    const remedy = remedies[code];
    return renderPage(
      c,
      <MessagePage deps={deps} title={code} eyebrow={`HTTP ${statusOf[code]}`}>
        <p>{problemTitle(code)}</p>
        {remedy ? <p>{remedy}</p> : null}
        <p class="fine">
          <a href="/problems">All problem codes</a>
        </p>
      </MessagePage>,
    );
  });

  return app;
}
