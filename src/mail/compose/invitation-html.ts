import { escapeHtml } from './html-escape.js';
import { htmlDocument, multiline, paragraph, styles } from './html-layout.js';
import type { InvitationCopy, InvitationLinks } from './invitation-copy.js';
import type { MailSettings } from './mail-settings.js';

function button(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="${styles.button}">${escapeHtml(label)}</a>`;
}

export function renderInvitationHtml(
  copy: InvitationCopy,
  links: InvitationLinks,
  settings: MailSettings,
): string {
  const body = [
    `<h1 style="${styles.heading}">${escapeHtml(copy.heading)}</h1>`,
    copy.position ? paragraph(copy.position) : '',
    paragraph(copy.intro),
    copy.note
      ? `${paragraph(copy.noteLabel)}\n<blockquote style="${styles.quote}">${multiline(copy.note)}</blockquote>`
      : '',
    `<p style="${styles.actions}">`,
    button(links.accept, 'Accept'),
    button(links.decline, 'No thanks'),
    button(links.stop, 'Never e-mail me again'),
    `<a href="${escapeHtml(links.block)}" style="${styles.link}">${escapeHtml(`Block ${copy.inviterName}`)}</a>`,
    '</p>',
    `<p style="${styles.small}"><a href="${escapeHtml(links.landing)}" style="color:#3f3f46;">See the invitation</a></p>`,
    paragraph(copy.why, styles.small),
    paragraph(`${copy.reminders} ${copy.stopping}`, styles.small),
    paragraph(copy.expiry, styles.small),
    copy.replyHint ? paragraph(copy.replyHint, styles.small) : '',
  ]
    .filter(Boolean)
    .join('\n');
  return htmlDocument({ title: copy.subject, body, footer: [copy.footer, settings.postalAddress] });
}
