/**
 * The shape of the messages that carry a single link to the address's owner and nothing else (the
 * do-not-contact confirmation, the resume link): a heading, what someone asked, the link as a button
 * and in full, what happens if it was not them. No List-Unsubscribe: nothing follows such a message
 * unless its reader uses the link, so there is nothing to leave.
 */
import type { MessageKind } from '../../core/model.js';
import type { OutgoingMail } from '../../core/ports.js';
import { commonParts } from './common-headers.js';
import { assertAddress, oneLine } from './header-safe.js';
import { escapeHtml } from './html-escape.js';
import { htmlDocument, paragraph, styles } from './html-layout.js';
import type { MailSettings } from './mail-settings.js';

export interface LinkMailInput {
  kind: MessageKind;
  /** Our outbox id; the Message-ID becomes `<id@bounceDomain>`. */
  messageId: string;
  to: string;
  bounceToken: string;
  date: Date;
}

/** The words of one link mail, plain text; `asked(to)` and `subject(brand)` name the address and brand. */
export interface LinkMailCopy {
  subject: (brand: string) => string;
  asked: (to: string, brand: string) => string;
  how: string;
  url: string;
  button: string;
  ignore: string;
  footer: (brand: string) => string;
}

export function composeLinkMail(
  input: LinkMailInput,
  copy: LinkMailCopy,
  settings: MailSettings,
): OutgoingMail {
  const to = assertAddress(input.to, 'recipient address');
  const common = commonParts(input.kind, input.messageId, input.bounceToken, settings);
  const brand = oneLine(settings.brand);
  const subject = copy.subject(brand);
  const asked = copy.asked(to, brand);
  const footer = copy.footer(brand);

  const text = [
    asked,
    `${copy.how}\n${copy.url}`,
    copy.ignore,
    `-- \n${footer}\n${settings.postalAddress}`,
  ].join('\n\n');
  const body = [
    `<h1 style="${styles.heading}">${escapeHtml(subject)}</h1>`,
    paragraph(asked),
    paragraph(copy.how),
    `<p style="${styles.actions}"><a href="${escapeHtml(copy.url)}" style="${styles.button}">${escapeHtml(copy.button)}</a></p>`,
    paragraph(`Or copy this address into your browser: ${copy.url}`, styles.small),
    paragraph(copy.ignore),
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
