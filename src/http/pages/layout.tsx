import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageDeps } from './page-deps.js';
import { stylesheetHref } from './styles.js';

export interface LayoutProps {
  deps: PageDeps;
  title: string;
  /** Adds the check mark of a finished action to the heading. */
  done?: boolean;
  children?: Child;
}

/** The frame of every recipient page: brand, one card, postal address. No scripts, no inline styles. */
export function Layout({ deps, title, done, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${deps.brand}`}</title>
        <link rel="stylesheet" href={stylesheetHref} />
      </head>
      <body>
        <header class="site-header">
          <span class="mark" aria-hidden="true">
            {deps.brand.slice(0, 1).toUpperCase()}
          </span>
          <span>{deps.brand}</span>
        </header>
        <main>
          <div class={done ? 'card done' : 'card'}>{children}</div>
        </main>
        <footer class="site-footer">
          <p>{deps.postalAddress}</p>
          <p>
            <a href="/do-not-contact">Ask {deps.brand} never to e-mail an address</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Answers with a whole page. */
export async function renderPage(
  c: Context,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return c.html(await html`<!doctype html>${page}`, status);
}

/** A form with one button that POSTs to `action`, carrying the CSRF field when one is given. */
export function ActionForm({ action, csrf, label }: { action: string; csrf?: string; label: string }) {
  return (
    <form method="post" action={action}>
      {csrf === undefined ? null : <input type="hidden" name="csrf" value={csrf} />}
      <button type="submit" class="action">
        {label}
      </button>
    </form>
  );
}
