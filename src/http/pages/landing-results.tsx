import { csrfToken } from './csrf.js';
import { actionPath, OptOutActions, stopLabel, type TokenPageProps } from './landing-page.js';
import { ActionForm, Layout } from './layout.js';

/** A recipient who is not a member yet gives a name, and becomes one by accepting. */
export function SignUpView({
  deps,
  token,
  landing,
  name,
  error,
}: TokenPageProps & { name?: string; error?: string }) {
  const { invitation, inviter } = landing;
  return (
    <Layout deps={deps} title="One more step">
      <p class="eyebrow">Accepting {inviter.name}'s invitation</p>
      <h1>One more step: your name</h1>
      <p>
        {inviter.name} and the people you connect with will see it. You join {deps.brand} as{' '}
        {invitation.recipientEmail ?? 'the address this invitation was sent to'}; no password needed.
      </p>
      <form method="post" action={actionPath(token, 'accept')}>
        <input type="hidden" name="csrf" value={csrfToken(deps.secret, token)} />
        {error ? (
          <p class="error" id="name-error" role="alert">
            {error}
          </p>
        ) : null}
        <label for="name">Your name</label>
        <input
          class="field"
          id="name"
          name="name"
          type="text"
          autocomplete="name"
          required
          maxlength={deps.core.rules.nameMaxLength}
          value={name ?? ''}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'name-error' : undefined}
        />
        <div class="actions single">
          <button type="submit" class="action">
            Accept and join {deps.brand}
          </button>
        </div>
      </form>
      <p class="back">
        <a href={actionPath(token)}>Back to the invitation</a>
      </p>
    </Layout>
  );
}

export function AcceptedView({ deps, landing }: TokenPageProps) {
  const name = landing.inviter.name;
  return (
    <Layout deps={deps} title={`You and ${name} are now connected`} done>
      <h1>You and {name} are now connected</h1>
      <p>
        {name} will see that you accepted. {deps.brand} sends no reminders about this invitation any more.
      </p>
    </Layout>
  );
}

export function DeclinedView({ deps, token, landing }: TokenPageProps) {
  const name = landing.inviter.name;
  return (
    <Layout deps={deps} title="You said no thanks" done>
      <h1>You said no thanks</h1>
      <p>
        {name}'s invitation is closed and no reminders will follow. {name} will see that you declined, nothing
        more.
      </p>
      <p>Want to go further? Either takes one click:</p>
      <OptOutActions deps={deps} token={token} landing={landing} />
    </Layout>
  );
}

export function BlockedView({ deps, token, landing }: TokenPageProps) {
  const name = landing.inviter.name;
  return (
    <Layout deps={deps} title={`${name} is blocked`} done>
      <h1>{name} is blocked</h1>
      <p>
        {name} can never e-mail you through {deps.brand} again, and will not be told that you blocked them.
      </p>
      <p>To hear from nobody at all on {deps.brand}:</p>
      <div class="actions single">
        <ActionForm
          action={actionPath(token, 'stop')}
          csrf={csrfToken(deps.secret, token)}
          label={stopLabel}
        />
      </div>
    </Layout>
  );
}
