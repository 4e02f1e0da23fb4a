/**
 * The "changed my mind" parts of the stop link's pages: the offer on `GET /u/:token` when the address
 * is already suppressed, and the answers to `POST /u/:token/resume`.
 */
import { ActionForm, Layout } from './layout.js';
import { MessagePage } from './message-page.js';
import type { PageDeps } from './page-deps.js';

export const resumeLabel = 'Let people invite me again';

/** The form that mails a one-time link for the same, to anyone without a stop link at hand. */
export const resumeRequestPath = '/do-not-contact/resume';

export function resumePath(token: string): string {
  return `/u/${token}/resume`;
}

/** Secondary to the stop button: it sits below it, under a plain question. */
export function ResumeOffer({ deps, token, csrf }: { deps: PageDeps; token: string; csrf: string }) {
  return (
    <>
      <p class="fine">This address is already on {deps.brand}'s list of addresses never to e-mail.</p>
      <p>
        <strong>Changed your mind? Let people invite you again.</strong> Invitations from people on{' '}
        {deps.brand} may then reach this address again. Anyone you blocked stays blocked, and this same link
        stops them all again whenever you like.
      </p>
      <div class="actions single">
        <ActionForm action={resumePath(token)} csrf={csrf} label={resumeLabel} />
      </div>
    </>
  );
}

/**
 * How to stop mail again, under a resume's answer: the stop link itself when the resume came from one
 * (`/u/:token`), the do-not-contact page when it came from a mailed one-time link.
 */
export type StopAgain = { stopLink: string } | { doNotContact: true };

function StopAgainLine({ deps, again, lead }: { deps: PageDeps; again: StopAgain; lead: string }) {
  return 'stopLink' in again ? (
    <p>
      {lead} The same link stops them: <a href={again.stopLink}>never e-mail me again</a>.
    </p>
  ) : (
    <p>
      {lead} <a href="/do-not-contact">Ask {deps.brand} never to e-mail you</a>.
    </p>
  );
}

export function ResumedView({ deps, again }: { deps: PageDeps; again: StopAgain }) {
  const title = 'Done: people can invite you again';
  return (
    <Layout deps={deps} title={title} done>
      <h1>{title}</h1>
      <p>
        Invitations from people on {deps.brand} may reach this address again, within the usual limits.
        Invitations that were already closed stay closed, and anyone you blocked stays blocked.
      </p>
      <StopAgainLine deps={deps} again={again} lead="Changed your mind again?" />
    </Layout>
  );
}

/** A resume for an address that is not suppressed (a second press, or it never was): nothing to do. */
export function NothingToResumeView({ deps, again }: { deps: PageDeps; again: StopAgain }) {
  return (
    <MessagePage deps={deps} title="Nothing to change" eyebrow="Let people invite me again">
      <p>
        This address is not on {deps.brand}'s list of addresses never to e-mail, so invitations can already
        reach it. Nothing has changed; anyone you blocked stays blocked.
      </p>
      <StopAgainLine deps={deps} again={again} lead="Want no e-mail at all?" />
    </MessagePage>
  );
}
