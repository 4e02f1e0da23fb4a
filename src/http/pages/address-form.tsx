import type { PageDeps } from './page-deps.js';

/** What a page holding an `AddressForm` renders it with: afresh, or again with the address and its error. */
export interface AddressPageProps {
  deps: PageDeps;
  csrf: string;
  email?: string;
  error?: string;
}

/**
 * The one-field form of the pages that mail a link to an address (do-not-contact, let people invite
 * me again): the address, its readable error, the CSRF field bound to the browser's cookie.
 */
export function AddressForm({
  action,
  csrf,
  email,
  error,
  submit,
}: {
  action: string;
  csrf: string;
  email?: string;
  error?: string;
  submit: string;
}) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      {error ? (
        <p class="error" id="email-error" role="alert">
          {error}
        </p>
      ) : null}
      <label for="email">Your e-mail address</label>
      <input
        class="field"
        id="email"
        name="email"
        type="text"
        inputmode="email"
        autocomplete="email"
        autocapitalize="none"
        spellcheck={false}
        required
        value={email ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'email-error' : undefined}
      />
      <div class="actions single">
        <button type="submit" class="action">
          {submit}
        </button>
      </div>
    </form>
  );
}
