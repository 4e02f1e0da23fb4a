/**
 * `kindly inspect` as the linter of Kindly's own mail: every message kind Kindly sends, rendered
 * as the SMTP path would put it on the wire (src/mail/testing/render-raw.ts) and DKIM-signed with a
 * key made here, must be recognised as Kindly's and report no findings at all.
 */
import { describe, expect, it } from 'vitest';
import type { MessageKind } from '../core/model.js';
import type { OutgoingMail } from '../core/ports.js';
import { composeInvitationMail } from '../mail/compose/invitation-mail.js';
import { invitationInput, settings } from '../mail/testing/mail-fixtures.js';
import { rawMessage } from '../mail/transports/raw-message.js';
import { type Inspection, inspectMessage } from './inspect-message.js';
import { delivered, samples } from './testing/kindly-samples.js';

const expectedKind: Record<MessageKind, Inspection['kind']> = {
  invitation: 'invitation',
  reminder: 'reminder',
  digest: 'invitation',
  confirmation: 'requested',
  'sign-in': 'requested',
};

const cases = Object.entries(samples).flatMap(([kind, list]) =>
  list.map((sample) => ({ kind: kind as MessageKind, ...sample })),
);

describe('kindly inspect as the linter of Kindly’s own mail', () => {
  it.each(cases)('$kind ($label): recognised as Kindly’s, no findings', async ({ kind, mail }) => {
    const { inspection } = await inspectMessage(await delivered(mail()));
    expect(inspection.network?.id).toBe('kindly');
    expect(inspection.kind).toBe(expectedKind[kind]);
    expect(inspection.findings).toEqual([]);
    expect(inspection.realSender.dkim).toEqual([
      { domain: 'kindly.example', selector: 'k2026', signsListUnsubscribe: kind !== 'confirmation' },
    ]);
    expect(inspection.realSender.returnPath).toMatch(/^bounce\+[A-Za-z0-9_-]+@/);
  });

  it('names the inviter and where a reply reaches them, or the inviters of a digest', async () => {
    const invitation = await inspectMessage(await delivered(cases[0]?.mail() as OutgoingMail));
    expect(invitation.inspection.inviter).toEqual({
      name: 'Alice Smith',
      address: 'alice@example.com',
      relay: false,
    });
    const digest = cases.find((c) => c.kind === 'digest');
    const { inspection } = await inspectMessage(await delivered(digest?.mail() as OutgoingMail));
    expect(inspection.inviter).toEqual({ name: 'Erin Evans, Frank Fox', address: null, relay: false });
  });

  it('fails a Kindly message that lost what DESIGN promises', async () => {
    const mail = composeInvitationMail(invitationInput({ kind: 'reminder', reminderNumber: 1 }), settings);
    const broken: OutgoingMail = {
      ...mail,
      subject: 'Alice Smith invited you to connect on Kindly',
      text: mail.text.replace(/reminder/gi, 'message').replace(settings.postalAddress, ''),
      html: mail.html.replace(/reminder/gi, 'message').replace(settings.postalAddress, ''),
      headers: { ...mail.headers, 'List-Unsubscribe-Post': '' },
    };
    delete broken.headers['List-Unsubscribe-Post'];
    const { inspection } = await inspectMessage(await delivered(broken));
    expect(inspection.findings.map((f) => f.code).sort()).toEqual([
      'no-one-click',
      'no-postal-address',
      'unannounced-reminder',
    ]);
    const unsigned = await rawMessage(mail);
    const plain = await inspectMessage(unsigned);
    expect(plain.inspection.findings.map((f) => f.code)).toEqual(['unsubscribe-not-signed']);
  });
});
