import type { OutgoingMail } from '../../core/ports.js';
import { commonParts } from './common-headers.js';
import { type DigestCopy, type DigestEntry, digestCopy } from './digest-copy.js';
import { assertAddress, assertToken, oneLine } from './header-safe.js';
import { escapeHtml } from './html-escape.js';
import { htmlDocument, multiline, paragraph, styles } from './html-layout.js';
import type { MailSettings } from './mail-settings.js';

export interface DigestMailInput {
  /** Our outbox id; the Message-ID becomes `<id@bounceDomain>`. */
  messageId: string;
  to: string;
  entries: DigestEntry[];
  cap: { messages: number; days: number };
  tokens: { stop: string; bounce: string };
  date: Date;
}

function quote(note: string): string {
  return note
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

function text(copy: DigestCopy, stopUrl: string, settings: MailSettings): string {
  const entries = copy.entries.map((entry) =>
    [
      entry.invited,
      entry.note ? `${entry.noteLabel}\n\n${quote(entry.note)}` : null,
      [
        `Accept: ${entry.links.accept}`,
        `No thanks: ${entry.links.decline}`,
        `Block ${entry.name}: ${entry.links.block}`,
        `See the invitation: ${entry.links.landing}`,
      ].join('\n'),
      entry.why,
    ]
      .filter((block): block is string => block !== null)
      .join('\n\n'),
  );
  const blocks = [
    copy.subject,
    copy.intro,
    ...entries.map((entry, index) => `${index + 1}. ${entry}`),
    copy.reminders,
    `Never e-mail me again: ${stopUrl}\n${copy.stopping}`,
    `-- \n${copy.footer}\n${settings.postalAddress}`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

function button(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="${styles.button}">${escapeHtml(label)}</a>`;
}

function html(copy: DigestCopy, stopUrl: string, settings: MailSettings): string {
  const entries = copy.entries.map((entry) =>
    [
      '<hr style="border:0;border-top:1px solid #e4e4e7;margin:24px 0;">',
      paragraph(entry.invited),
      entry.note
        ? `${paragraph(entry.noteLabel)}\n<blockquote style="${styles.quote}">${multiline(entry.note)}</blockquote>`
        : '',
      `<p style="${styles.actions}">`,
      button(entry.links.accept, 'Accept'),
      button(entry.links.decline, 'No thanks'),
      `<a href="${escapeHtml(entry.links.block)}" style="${styles.link}">${escapeHtml(`Block ${entry.name}`)}</a>`,
      '</p>',
      `<p style="${styles.small}"><a href="${escapeHtml(entry.links.landing)}" style="color:#3f3f46;">See the invitation</a></p>`,
      paragraph(entry.why, styles.small),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const body = [
    `<h1 style="${styles.heading}">${escapeHtml(copy.subject)}</h1>`,
    paragraph(copy.intro),
    ...entries,
    '<hr style="border:0;border-top:1px solid #e4e4e7;margin:24px 0;">',
    paragraph(copy.reminders, styles.small),
    `<p style="${styles.actions}">${button(stopUrl, 'Never e-mail me again')}</p>`,
    paragraph(copy.stopping, styles.small),
  ].join('\n');
  return htmlDocument({ title: copy.subject, body, footer: [copy.footer, settings.postalAddress] });
}

/**
 * The one message that carries every invitation an address's cap held back. From the service
 * itself (it speaks for several members, so no Reply-To), with each inviter's own Accept, No thanks
 * and Block, and one Never e-mail me again for the address. Pure, like the invitation mail.
 */
export function composeDigestMail(input: DigestMailInput, settings: MailSettings): OutgoingMail {
  const to = assertAddress(input.to, 'recipient address');
  const stop = assertToken(input.tokens.stop, 'stop token');
  for (const entry of input.entries) {
    assertToken(entry.landingToken, 'landing token');
    assertAddress(entry.inviter.email, 'inviter address');
  }
  const common = commonParts('digest', input.messageId, input.tokens.bounce, settings);
  const copy = digestCopy(input.entries, input.cap, settings);
  const stopUrl = `${settings.baseUrl}/u/${stop}`;
  return {
    messageId: common.messageId,
    envelope: { from: common.envelopeFrom, to },
    from: { name: oneLine(settings.brand), address: settings.fromAddress },
    to,
    subject: copy.subject,
    text: text(copy, stopUrl, settings),
    html: html(copy, stopUrl, settings),
    headers: {
      ...common.headers,
      'List-Unsubscribe': `<${stopUrl}>, <mailto:unsubscribe+${stop}@${settings.bounceDomain}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    date: input.date,
  };
}
