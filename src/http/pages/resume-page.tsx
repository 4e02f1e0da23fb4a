/**
 * The "changed my mind" parts of the stop link's pages: the offer on `GET /u/:token` when the address
 * is already suppressed, and the answers to `POST /u/:token/resume`.
 */
import { ActionForm, Layout } from './layout.js';
import { MessagePage } from './message-page.js';
import type { PageDeps } from './page-deps.js';

export const resumeLabel = 'Let people invite me again';

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

export function ResumedView({ deps, token }: { deps: PageDeps; token: string }) {
  const title = 'Done: people can invite you again';
  return (
    <Layout deps={deps} title={title} done>
      <h1>{title}</h1>
      <p>
        Invitations from people on {deps.brand} may reach this address again, within the usual limits.
        Invitations that were already closed stay closed, and anyone you blocked stays blocked.
      </p>
      <p>
        Changed your mind again? The same link stops them: <a href={`/u/${token}`}>never e-mail me again</a>.
      </p>
    </Layout>
  );
}

/** A resume for an address that is not suppressed (a second press, or it never was): nothing to do. */
export function NothingToResumeView({ deps, token }: { deps: PageDeps; token: string }) {
  return (
    <MessagePage deps={deps} title="Nothing to change" eyebrow="Unsubscribe">
      <p>
        This address is not on {deps.brand}'s list of addresses never to e-mail, so invitations can already
        reach it. Nothing has changed; anyone you blocked stays blocked.
      </p>
      <p>
        Want no e-mail at all? <a href={`/u/${token}`}>Never e-mail me again</a>.
      </p>
    </MessagePage>
  );
}
