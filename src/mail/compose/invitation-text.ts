import type { InvitationCopy, InvitationLinks } from './invitation-copy.js';
import type { MailSettings } from './mail-settings.js';

/** The note is quoted line by line, e-mail style, so it cannot pass for the service's own words. */
function quote(note: string): string {
  return note
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

export function renderInvitationText(
  copy: InvitationCopy,
  links: InvitationLinks,
  settings: MailSettings,
): string {
  const blocks = [
    copy.heading,
    copy.position,
    copy.intro,
    copy.note ? `${copy.noteLabel}\n\n${quote(copy.note)}` : null,
    [
      `Accept: ${links.accept}`,
      `No thanks: ${links.decline}`,
      `Never e-mail me again: ${links.stop}`,
      `Block ${copy.inviterName}: ${links.block}`,
    ].join('\n'),
    `See the invitation: ${links.landing}`,
    copy.why,
    `${copy.reminders} ${copy.stopping}`,
    copy.expiry,
    copy.replyHint,
    `-- \n${copy.footer}\n${settings.postalAddress}`,
  ];
  return `${blocks.filter((block): block is string => block !== null).join('\n\n')}\n`;
}
