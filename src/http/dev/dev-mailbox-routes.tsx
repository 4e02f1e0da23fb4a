/**
 * The dev mailbox: what Kindly would have sent, when no SMTP server is configured. Each message is
 * shown as its text part and its HTML part, the latter in a sandboxed frame with its own CSP.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { FC, PropsWithChildren } from 'hono/jsx';
import { simpleParser } from 'mailparser';
import type { Store } from '../../core/ports.js';

const listCsp = "default-src 'none'; style-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'";
const htmlPartCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-popups allow-top-navigation-by-user-activation";

const mailboxCss = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f4ef;color:#1d1d1b}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
pre{white-space:pre-wrap;word-break:break-all;background:#fff;padding:1rem;border-radius:.5rem}
iframe{width:100%;height:48rem;border:1px solid #ccc;border-radius:.5rem;background:#fff}
.mail-list li{margin:.4rem 0}`;

/** Hono JSX renders no doctype; without one, browsers fall back to quirks mode. */
const page = (body: unknown) => html`<!doctype html>${body}`;

const Frame: FC<PropsWithChildren<{ title: string }>> = ({ title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      <link rel="stylesheet" href="/dev/mailbox/mailbox.css" />
    </head>
    <body>
      <main class="dev-mailbox">{children}</main>
    </body>
  </html>
);

export function devMailboxRoutes(store: Store): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', listCsp);
    c.res.headers.set('cache-control', 'no-store');
  });

  app.get('/mailbox.css', (c) => c.body(mailboxCss, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.get('/', async (c) => {
    const mails = await store.listDevMail(100);
    return c.html(
      page(
        <Frame title="Dev mailbox">
          <h1>Dev mailbox</h1>
          <p>No SMTP server is configured (KINDLY_SMTP_URL), so Kindly keeps what it sends here.</p>
          {mails.length === 0 ? (
            <p>Nothing sent yet.</p>
          ) : (
            <ul class="mail-list">
              {mails.map((mail) => (
                <li>
                  <a href={`/dev/mailbox/${encodeURIComponent(mail.id)}`}>{mail.subject}</a> — to {mail.to},{' '}
                  <time datetime={mail.createdAt}>{mail.createdAt}</time>
                </li>
              ))}
            </ul>
          )}
        </Frame>,
      ),
    );
  });

  app.get('/:id', async (c) => {
    const mail = await store.getDevMail(c.req.param('id'));
    if (!mail) return c.text('No such message.', 404);
    const parsed = await simpleParser(mail.raw);
    const headerLines = parsed.headerLines.map((line) => line.line);
    return c.html(
      page(
        <Frame title={mail.subject}>
          <p>
            <a href="/dev/mailbox">← all messages</a> ·{' '}
            <a href={`/dev/mailbox/${encodeURIComponent(mail.id)}/raw`}>raw</a>
          </p>
          <h1>{mail.subject}</h1>
          <h2>Headers</h2>
          <pre class="headers">{headerLines.join('\n')}</pre>
          <h2>HTML part</h2>
          <iframe
            title="HTML part"
            class="html-part"
            src={`/dev/mailbox/${encodeURIComponent(mail.id)}/html`}
          />
          <h2>Text part</h2>
          <pre class="text-part">{parsed.text ?? ''}</pre>
        </Frame>,
      ),
    );
  });

  app.get('/:id/html', async (c) => {
    const mail = await store.getDevMail(c.req.param('id'));
    if (!mail) return c.text('No such message.', 404);
    const parsed = await simpleParser(mail.raw);
    return c.html(typeof parsed.html === 'string' ? parsed.html : '', 200, {
      'content-security-policy': htmlPartCsp,
    });
  });

  app.get('/:id/raw', async (c) => {
    const mail = await store.getDevMail(c.req.param('id'));
    if (!mail) return c.text('No such message.', 404);
    return c.text(mail.raw, 200, { 'content-type': 'message/rfc822; charset=utf-8' });
  });

  return app;
}
