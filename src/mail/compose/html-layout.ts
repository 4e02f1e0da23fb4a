import { escapeHtml } from './html-escape.js';

/*
 * Mail clients drop <style> blocks and external sheets, so every rule lives inline. These are the
 * only styles the templates use; keeping them here keeps the messages looking alike.
 */
const font = 'font-family:Helvetica,Arial,sans-serif;';
export const styles = {
  heading: `${font}margin:0 0 16px;font-size:22px;line-height:1.3;color:#18181b;`,
  paragraph: `${font}margin:0 0 16px;font-size:16px;line-height:1.5;color:#18181b;`,
  small: `${font}margin:0 0 12px;font-size:14px;line-height:1.5;color:#52525b;`,
  quote: `${font}margin:0 0 24px;padding:12px 16px;border-left:4px solid #d4d4d8;background-color:#fafafa;font-size:16px;line-height:1.5;color:#18181b;`,
  /** One style for all three answers: none of them may look more inviting than the others. */
  button: `${font}display:inline-block;box-sizing:border-box;width:190px;margin:4px;padding:12px 8px;border:2px solid #3f3f46;border-radius:6px;background-color:#ffffff;color:#18181b;font-size:16px;font-weight:bold;line-height:20px;text-align:center;text-decoration:none;`,
  link: `${font}display:inline-block;margin:4px;padding:12px 8px;font-size:16px;line-height:20px;color:#3f3f46;text-decoration:underline;`,
  actions: 'margin:0 0 24px;text-align:center;',
  footer: `${font}margin:0;font-size:12px;line-height:1.5;color:#71717a;`,
} as const;

/** Escapes plain text and keeps its line breaks, for notes and postal addresses. */
export function multiline(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeHtml(line))
    .join('<br>\n');
}

export function paragraph(text: string, style: string = styles.paragraph): string {
  return `<p style="${style}">${escapeHtml(text)}</p>`;
}

/**
 * The document around a message: a centred 600px card on a grey ground, table-based because that
 * is what Outlook lays out. `title` and `footer` are plain text; `body` is already-escaped HTML.
 */
export function htmlDocument(parts: { title: string; body: string; footer: string[] }): string {
  const footer = parts.footer.map((text) => `<p style="${styles.footer}">${multiline(text)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:32px;">
${parts.body}
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;">
<tr><td style="padding:16px 32px;">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
