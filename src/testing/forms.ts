/** Reads and submits the HTML forms of Kindly's pages the way a browser without JavaScript would. */

export interface PageForm {
  action: string;
  fields: Record<string, string>;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function formsOf(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const action = /action="([^"]*)"/i.exec(match[1] ?? '')?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[1] ?? '')?.[1];
      const value = /value="([^"]*)"/i.exec(input[1] ?? '')?.[1] ?? '';
      if (name) fields[decodeEntities(name)] = decodeEntities(value);
    }
    forms.push({ action: decodeEntities(action), fields });
  }
  return forms;
}

/** GETs `pageUrl`, finds the form posting to a path ending in `actionSuffix`, and submits it. */
export async function submitForm(
  pageUrl: string,
  actionSuffix: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; html: string; response: Response }> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  const cookie = page.headers.get('set-cookie')?.split(';')[0];
  const form = formsOf(html).find((candidate) => candidate.action.endsWith(actionSuffix));
  if (!form)
    throw new Error(`no form posting to …${actionSuffix} on ${pageUrl} (status ${page.status}):\n${html}`);
  const target = new URL(form.action || pageUrl, pageUrl);
  const response = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(pageUrl).origin,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams({ ...form.fields, ...extra }).toString(),
  });
  return { status: response.status, html: await response.text(), response };
}

/** The https link of a List-Unsubscribe header. */
export function unsubscribeUrl(listUnsubscribe: string): string {
  const url = /<(https?:[^>]+)>/.exec(listUnsubscribe)?.[1];
  if (!url) throw new Error(`no http(s) URL in List-Unsubscribe: ${listUnsubscribe}`);
  return url;
}

/** The landing link `/r/<token>` in a message's text part. */
export function landingUrl(text: string): string {
  const url = /(https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+)(?![\w/-])/.exec(text)?.[1];
  if (!url) throw new Error(`no landing link in:\n${text}`);
  return url;
}
