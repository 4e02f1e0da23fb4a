import type { OutgoingMail } from '../../core/ports.js';
import { assertToken } from './header-safe.js';
import { composeLinkMail } from './link-mail.js';
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
  const confirm = assertToken(input.tokens.confirm, 'confirmation token');
  return composeLinkMail(
    {
      kind: 'confirmation',
      messageId: input.messageId,
      to: input.to,
      bounceToken: input.tokens.bounce,
      date: input.date,
    },
    {
      subject: (brand) => `Confirm that ${brand} should never e-mail you`,
      asked: (to, brand) => `Someone asked that ${to} never receive mail from ${brand}.`,
      how: 'To confirm, open this link and press the button on the page:',
      url: `${settings.baseUrl}/do-not-contact/confirm/${confirm}`,
      button: 'Confirm',
      ignore: "If it wasn't you, ignore this message; nothing else will be sent.",
      footer: (brand) => `${brand} sent this e-mail because of a request on its do-not-contact page.`,
    },
    settings,
  );
}
