import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout, renderPage } from './layout.js';
import type { PageDeps } from './page-deps.js';

export interface MessageProps {
  deps: PageDeps;
  title: string;
  eyebrow?: string;
  done?: boolean;
  children?: Child;
}

/** A page with a heading and a few lines: results and errors. */
export function MessagePage({ deps, title, eyebrow, done, children }: MessageProps) {
  return (
    <Layout deps={deps} title={title} done={done}>
      {eyebrow ? <p class="eyebrow">{eyebrow}</p> : null}
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

export function notValidPage(c: Context, deps: PageDeps): Promise<Response> {
  return renderPage(
    c,
    <MessagePage deps={deps} title="This link is not valid">
      <p>
        It may have been cut short when it was copied. Try the link in the e-mail again, or copy all of it
        into the address bar.
      </p>
      <p class="fine">
        Don't want e-mail from {deps.brand}? <a href="/do-not-contact">Ask us never to e-mail your address</a>
        .
      </p>
    </MessagePage>,
    404,
  );
}

/** A POST whose CSRF check failed. `retry` is the page that renders the form afresh. */
export function forbiddenPage(c: Context, deps: PageDeps, retry: string): Promise<Response> {
  return renderPage(
    c,
    <MessagePage deps={deps} title="This form could not be sent">
      <p>It may be out of date, or it came from another site. Nothing has changed.</p>
      <p>
        <a href={retry}>Open the page again</a> and press the button there.
      </p>
    </MessagePage>,
    403,
  );
}

export function tooManyPage(c: Context, deps: PageDeps, retryAfterSeconds: number): Promise<Response> {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return renderPage(
    c,
    <MessagePage deps={deps} title="Too many requests">
      <p>
        Please wait {minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again. Nothing was sent in the
        meantime.
      </p>
    </MessagePage>,
    429,
  );
}

export function tooLargePage(c: Context, deps: PageDeps): Promise<Response> {
  return renderPage(
    c,
    <MessagePage deps={deps} title="That was more than this form takes">
      <p>Go back and try again with less text.</p>
    </MessagePage>,
    413 as ContentfulStatusCode,
  );
}
