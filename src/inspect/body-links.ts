/**
 * Unsubscribe links in a message's body, for mail that offers no List-Unsubscribe header: an
 * HTML anchor whose text or address says so, or a text line such as `Unsubscribe: https://…`.
 */

const saysUnsubscribe =
  /unsubscribe|opt[ -]?out|abmelden|abbestellen|d[ée]sabonner|d[ée]sinscri|darse de baja|never e-?mail me again|stop (?:these|all) e-?mails|e-?mail (?:preferences|settings)|Benachrichtigungs?-?einstellungen/i;

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function fromHtml(html: string): string[] {
  const links: string[] = [];
  // Bounded, so an unclosed anchor in a large message cannot make the scan quadratic.
  const anchors =
    /<a\b[^>]{0,2000}?\bhref\s*=\s*["']([^"']{1,4000})["'][^>]{0,2000}>([\s\S]{0,2000}?)<\/a>/gi;
  for (const match of html.slice(0, 2_000_000).matchAll(anchors)) {
    const href = decodeEntities(match[1] ?? '').trim();
    const label = decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, ' '));
    if (/^https?:\/\//i.test(href) && (saysUnsubscribe.test(label) || saysUnsubscribe.test(href))) {
      links.push(href);
    }
  }
  return links;
}

function fromText(text: string): string[] {
  const links: string[] = [];
  const lines = text.slice(0, 2_000_000).split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!saysUnsubscribe.test(line)) return;
    const here = /https?:\/\/\S+/.exec(line)?.[0];
    const next = /^\s*(https?:\/\/\S+)/.exec(lines[index + 1] ?? '')?.[1];
    const url = here ?? next;
    if (url) links.push(url.replace(/[>),.]+$/, ''));
  });
  return links;
}

/** Distinct unsubscribe links from the HTML and the text body, HTML first. */
export function findBodyUnsubscribeLinks(text: string, html: string): string[] {
  return [...new Set([...fromHtml(html), ...fromText(text)])];
}
