import type { OutgoingMail } from '../../core/ports.js';
import { resumeLinkRule } from '../../core/resume-link.js';
import { assertToken } from './header-safe.js';
import { composeLinkMail } from './link-mail.js';
import type { MailSettings } from './mail-settings.js';

export interface ResumeLinkMailInput {
  /** Our outbox id; the Message-ID becomes `<id@bounceDomain>`. */
  messageId: string;
  to: string;
  tokens: { resume: string; bounce: string };
  date: Date;
}

/** Where a resume link points: `GET` shows its one button (`http/pages/resume-link-routes.tsx`). */
export function resumeLinkPath(token: string): string {
  return `/do-not-contact/resume/${token}`;
}

/**
 * The link a recipient asked for on "let people invite me again" (`core/resume-link.ts`): the one
 * message Kindly sends to an address that may be suppressed, because its owner asked for it. Anyone
 * can type any address into that page, so the mail changes nothing by itself and says so.
 */
export function composeResumeLinkMail(input: ResumeLinkMailInput, settings: MailSettings): OutgoingMail {
  const resume = assertToken(input.tokens.resume, 'resume token');
  return composeLinkMail(
    {
      kind: 'resume',
      messageId: input.messageId,
      to: input.to,
      bounceToken: input.tokens.bounce,
      date: input.date,
    },
    {
      subject: (brand) => `Your link to let people invite you on ${brand} again`,
      asked: (to, brand) =>
        `Someone asked on ${brand}'s page that ${to} may receive invitations again. If that was you, this link ` +
        `lifts the address's "never e-mail me" entry, whatever put it there. Anyone you blocked stays blocked.`,
      how: `Open this link within ${resumeLinkRule.validMinutes} minutes and press the button on the page (it works once):`,
      url: `${settings.baseUrl}${resumeLinkPath(resume)}`,
      button: 'Let people invite me again',
      ignore: "If it wasn't you, ignore this message: nothing changes, and nothing else will be sent.",
      footer: (brand) =>
        `${brand} sent this e-mail because of a request on its "let people invite me again" page.`,
    },
    settings,
  );
}
