import type { OutgoingMail } from '../../core/ports.js';
import { commonParts } from './common-headers.js';
import { assertAddress, assertToken, oneLine } from './header-safe.js';
import { escapeHtml } from './html-escape.js';
import { htmlDocument, paragraph, styles } from './html-layout.js';
import type { MailSettings } from './mail-settings.js';

export interface ConfirmationMailInput {
  /** Our outbox id; the Message-ID becomes `<id@bounceDomain>`. */
  messageId: string;
  to: string;
  tokens: { confirm: string; bounce: string };
  date: Date;
}

/**
 * The one message the do-not-contact page sends: a link that proves the request came from the
 * address's owner. Anyone can type any address into that page, so the mail asks for nothing
 * else, promises silence otherwise, and carries no List-Unsubscribe (there is nothing to leave).
 */
export function composeConfirmationMail(input: ConfirmationMailInput, settings: MailSettings): OutgoingMail {
  const to = assertAddress(input.to, 'recipient address');
  const confirm = assertToken(input.tokens.confirm, 'confirmation token');
  const common = commonParts('confirmation', input.messageId, input.tokens.bounce, settings);
  const brand = oneLine(settings.brand);
  const url = `${settings.baseUrl}/do-not-contact/confirm/${confirm}`;

  const subject = `Confirm that ${brand} should never e-mail you`;
  const asked = `Someone asked that ${to} never receive mail from ${brand}.`;
  const how = 'To confirm, open this link and press the button on the page:';
  const ignore = "If it wasn't you, ignore this message; nothing else will be sent.";
  const footer = `${brand} sent this e-mail because of a request on its do-not-contact page.`;

  const text = [asked, `${how}\n${url}`, ignore, `-- \n${footer}\n${settings.postalAddress}`].join('\n\n');
  const body = [
    `<h1 style="${styles.heading}">${escapeHtml(subject)}</h1>`,
    paragraph(asked),
    paragraph(how),
    `<p style="${styles.actions}"><a href="${escapeHtml(url)}" style="${styles.button}">Confirm</a></p>`,
    paragraph(`Or copy this address into your browser: ${url}`, styles.small),
    paragraph(ignore),
  ].join('\n');

  return {
    messageId: common.messageId,
    envelope: { from: common.envelopeFrom, to },
    from: { name: brand, address: settings.fromAddress },
    to,
    subject,
    text: `${text}\n`,
    html: htmlDocument({ title: subject, body, footer: [footer, settings.postalAddress] }),
    headers: common.headers,
    date: input.date,
  };
}
