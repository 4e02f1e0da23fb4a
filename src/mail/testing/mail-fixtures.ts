import type { InvitationMailInput } from '../compose/invitation-mail.js';
import { type MailSettings, mailSettings } from '../compose/mail-settings.js';

/** Shared by the mail tests: realistic settings and an invitation whose every field is known. */
export const settings: MailSettings = mailSettings({
  brand: 'Kindly',
  fromAddress: 'invitations@kindly.example',
  postalAddress: 'Kindly Ltd, 1 Example Street, Exampletown EX1 2MP',
  baseUrl: 'https://kindly.example/',
});

export const tokens = {
  landing: 'LandingTok_0123456789abcdef',
  stop: 'StopTok-0123456789abcdefgh',
  bounce: 'BounceTok_0123456789abcdef',
  confirm: 'ConfirmTok_0123456789abcde',
} as const;

export function invitationInput(overrides: Partial<InvitationMailInput> = {}): InvitationMailInput {
  return {
    messageId: 'msg_abc123',
    kind: 'invitation',
    to: 'bob@example.org',
    inviter: { name: 'Alice Smith', email: 'alice@example.com', allowReplyTo: true },
    note: 'Hi Bob, it was great meeting you.',
    source: 'entered',
    invitedAt: new Date('2026-03-03T10:00:00Z'),
    expiresAt: new Date('2026-04-02T10:00:00Z'),
    remindersPlanned: 1,
    reminderDates: [new Date('2026-03-10T10:00:00Z')],
    tokens: { landing: tokens.landing, stop: tokens.stop, bounce: tokens.bounce },
    date: new Date('2026-03-03T10:00:05Z'),
    ...overrides,
  };
}
