import type { InvitationState } from '../../core/model.js';
import type { Landing } from '../../core/recipient-actions.js';
import { csrfToken } from './csrf.js';
import { closedLine, formatDate, remindersLine, whyLine } from './format.js';
import { ActionForm, Layout } from './layout.js';
import type { PageDeps } from './page-deps.js';

export interface TokenPageProps {
  deps: PageDeps;
  /** The invitation token from the path; checked by the core before any page renders. */
  token: string;
  landing: Landing;
}

export type LandingAction = 'accept' | 'decline' | 'block' | 'stop';

export const stopLabel = 'Never e-mail me again';
export const blockLabel = (name: string) => `Block ${name}`;

export function actionPath(token: string, action?: LandingAction): string {
  return action ? `/r/${token}/${action}` : `/r/${token}`;
}

/** "Never e-mail me again" and "Block <inviter>", offered on every page once the invitation is closed. */
export function OptOutActions({ deps, token, landing }: TokenPageProps) {
  const csrf = csrfToken(deps.secret, token);
  return (
    <div class="actions">
      <ActionForm action={actionPath(token, 'stop')} csrf={csrf} label={stopLabel} />
      <ActionForm action={actionPath(token, 'block')} csrf={csrf} label={blockLabel(landing.inviter.name)} />
    </div>
  );
}

/** The open invitation: who, their note, four equal buttons, why this came, and until when. */
export function LandingView({ deps, token, landing }: TokenPageProps) {
  const { invitation, inviter } = landing;
  const csrf = csrfToken(deps.secret, token);
  return (
    <Layout deps={deps} title={`Invitation from ${inviter.name}`}>
      <p class="eyebrow">Invitation</p>
      <h1>
        {inviter.name} invites you to connect on {deps.brand}
      </h1>
      <p class="who">{inviter.email}</p>
      {invitation.note ? (
        <blockquote class="note">
          {invitation.note}
          <span class="note-by">— {inviter.name}</span>
        </blockquote>
      ) : null}
      <div class="actions">
        <ActionForm action={actionPath(token, 'accept')} csrf={csrf} label="Accept" />
        <ActionForm action={actionPath(token, 'decline')} csrf={csrf} label="No thanks" />
        <ActionForm action={actionPath(token, 'stop')} csrf={csrf} label={stopLabel} />
        <ActionForm action={actionPath(token, 'block')} csrf={csrf} label={blockLabel(inviter.name)} />
      </div>
      <p class="fine">
        <strong>Why did I get this?</strong> {whyLine(invitation, inviter, deps.brand)}
      </p>
      <p class="fine">
        The invitation is open until {formatDate(invitation.expiresAt)}. {remindersLine(invitation)}
      </p>
    </Layout>
  );
}

/** An invitation that is no longer open: what became of it, and the opt-outs that still make sense. */
export function ClosedView({ deps, token, landing, state }: TokenPageProps & { state: InvitationState }) {
  return (
    <Layout deps={deps} title="This invitation is no longer open">
      <p class="eyebrow">Invitation from {landing.inviter.name}</p>
      <h1>This invitation is no longer open</h1>
      <p>{closedLine(state, landing.inviter)}</p>
      <p>If you would rather not hear from us again, one click is enough:</p>
      <OptOutActions deps={deps} token={token} landing={landing} />
    </Layout>
  );
}

const confirmations: Record<LandingAction, (name: string, brand: string) => { title: string; text: string }> =
  {
    accept: (name, brand) => ({
      title: `Accept ${name}'s invitation?`,
      text: `You and ${name} will be connected on ${brand}.`,
    }),
    decline: (name) => ({
      title: `Say no thanks to ${name}?`,
      text: `The invitation closes and no reminders follow. ${name} will see that you declined.`,
    }),
    block: (name, brand) => ({
      title: `Block ${name}?`,
      text: `${name} will never be able to e-mail you through ${brand} again, and will not be told that you blocked them.`,
    }),
    stop: (_name, brand) => ({
      title: `Never get e-mail from ${brand} again?`,
      text: `${brand} will never e-mail this address again, whoever tries to invite you.`,
    }),
  };

const buttonLabels: Record<LandingAction, (name: string) => string> = {
  accept: () => 'Accept',
  decline: () => 'No thanks',
  block: blockLabel,
  stop: () => stopLabel,
};

/** What a link from the e-mail opens: one button that does what the link said. A GET changes nothing. */
export function ConfirmView({ deps, token, landing, action }: TokenPageProps & { action: LandingAction }) {
  const { title, text } = confirmations[action](landing.inviter.name, deps.brand);
  return (
    <Layout deps={deps} title={title}>
      <p class="eyebrow">Invitation from {landing.inviter.name}</p>
      <h1>{title}</h1>
      <p>{text}</p>
      <div class="actions single">
        <ActionForm
          action={actionPath(token, action)}
          csrf={csrfToken(deps.secret, token)}
          label={buttonLabels[action](landing.inviter.name)}
        />
      </div>
      <p class="back">
        <a href={actionPath(token)}>Back to the invitation</a>
      </p>
    </Layout>
  );
}
