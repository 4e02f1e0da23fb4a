/**
 * Every kind of message Kindly sends, rendered as the SMTP path puts it on the wire
 * (src/mail/transports/raw-message.ts), DKIM-signed with a key made for the test run, and given the
 * Return-Path the recipient's server records: what lands in a recipient's mailbox.
 */
import type { MessageKind } from '../../core/model.js';
import type { OutgoingMail } from '../../core/ports.js';
import { composeConfirmationMail } from '../../mail/compose/confirmation-mail.js';
import { composeDigestMail } from '../../mail/compose/digest-mail.js';
import { composeInvitationMail } from '../../mail/compose/invitation-mail.js';
import { mailSettings } from '../../mail/compose/mail-settings.js';
import { generateDkimKey } from '../../mail/dkim/dkim-key.js';
import type { DkimSettings } from '../../mail/dkim/dkim-settings.js';
import { signRaw } from '../../mail/dkim/sign-raw.js';
import { invitationInput, settings, tokens } from '../../mail/testing/mail-fixtures.js';
import { rawMessage } from '../../mail/transports/raw-message.js';

const key = generateDkimKey();
export const dkim: DkimSettings = {
  domain: 'kindly.example',
  selector: 'k2026',
  privateKeyPem: key.privateKeyPem,
};

/** What a recipient's mailbox holds: the signed message, with the Return-Path its server records. */
export async function delivered(mail: OutgoingMail): Promise<Buffer> {
  const signed = await signRaw(await rawMessage(mail), dkim);
  return Buffer.concat([Buffer.from(`Return-Path: <${mail.envelope.from}>\r\n`), signed]);
}

const digestEntry = (name: string, landingToken: string) => ({
  inviter: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com` },
  note: null,
  source: 'contacts' as const,
  invitedAt: new Date('2026-03-03T10:00:00Z'),
  expiresAt: new Date('2026-05-02T10:00:00Z'),
  landingToken,
});

/**
 * One or more rendered samples for each kind Kindly sends. `sign-in` has no composer in
 * src/mail/compose yet; when one is added, it belongs here (the Record makes a new kind a type error).
 */
export const samples: Record<MessageKind, { label: string; mail: () => OutgoingMail }[]> = {
  invitation: [
    { label: 'invitation with Reply-To', mail: () => composeInvitationMail(invitationInput(), settings) },
    {
      label: 'invitation without Reply-To, no reminders, no note, from contacts',
      mail: () =>
        composeInvitationMail(
          invitationInput({
            inviter: { name: 'Alice Smith', email: 'alice@example.com', allowReplyTo: false },
            note: null,
            source: 'contacts',
            remindersPlanned: 0,
            reminderDates: [],
          }),
          settings,
        ),
    },
    {
      label: 'invitation under another brand',
      mail: () =>
        composeInvitationMail(
          invitationInput(),
          mailSettings({
            brand: 'Acme Circles',
            fromAddress: 'invitations@acme.example',
            postalAddress: 'Acme Circles GmbH, Musterstraße 5, 10115 Berlin',
            baseUrl: 'https://acme.example/',
          }),
        ),
    },
  ],
  reminder: [
    {
      label: 'first of two reminders',
      mail: () =>
        composeInvitationMail(
          invitationInput({
            kind: 'reminder',
            reminderNumber: 1,
            remindersPlanned: 2,
            reminderDates: [new Date('2026-03-10T10:00:00Z'), new Date('2026-03-17T10:00:00Z')],
          }),
          settings,
        ),
    },
    {
      label: 'last reminder',
      mail: () => composeInvitationMail(invitationInput({ kind: 'reminder', reminderNumber: 1 }), settings),
    },
  ],
  digest: [
    {
      label: 'digest of two inviters',
      mail: () =>
        composeDigestMail(
          {
            messageId: 'msg_digest1',
            to: 'bob@example.org',
            entries: [
              digestEntry('Erin Evans', 'ErinLanding_0123456789ab'),
              digestEntry('Frank Fox', 'FrankLanding_0123456789a'),
            ],
            cap: { messages: 3, days: 30 },
            tokens: { stop: tokens.stop, bounce: tokens.bounce },
            date: new Date('2026-04-02T10:00:00Z'),
          },
          settings,
        ),
    },
  ],
  confirmation: [
    {
      label: 'do-not-contact confirmation',
      mail: () =>
        composeConfirmationMail(
          {
            messageId: 'msg_conf1',
            to: 'someone@example.net',
            tokens: { confirm: tokens.confirm, bounce: tokens.bounce },
            date: new Date('2026-05-01T08:00:00Z'),
          },
          settings,
        ),
    },
  ],
  'sign-in': [],
};
