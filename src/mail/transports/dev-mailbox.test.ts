import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevMail, Store } from '../../core/ports.js';
import { openStore } from '../../store/open-store.js';
import { startSmtpPeer } from '../../testing/smtp-peer.js';
import { composeConfirmationMail } from '../compose/confirmation-mail.js';
import { composeInvitationMail } from '../compose/invitation-mail.js';
import { invitationInput, settings, tokens } from '../testing/mail-fixtures.js';
import { rawHeader } from '../testing/render-raw.js';
import { createDevMailbox } from './dev-mailbox.js';
import { createSmtpMailer } from './smtp-mailer.js';

const clock = { now: () => new Date('2026-03-03T10:00:06Z') };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function arrayMailbox() {
  const stored: DevMail[] = [];
  let n = 0;
  const mailbox = createDevMailbox({
    store: { insertDevMail: async (mail) => void stored.push(mail) },
    clock,
    newId: () => `dev_${++n}`,
  });
  return { mailbox, stored };
}

/** MIME boundaries are random per build; everything else must match byte for byte. */
const sameBoundaries = (raw: string) => raw.replace(/--_NmP-[0-9a-f]+-Part_\d+/g, '--BOUNDARY');

describe('createDevMailbox', () => {
  it('stores the composed message as raw RFC 5322 that parses back to the composition', async () => {
    const { mailbox, stored } = arrayMailbox();
    const mail = composeInvitationMail(invitationInput({ note: '<b>hi</b> & bye' }), settings);
    const result = await mailbox.send(mail);
    expect(result.response).toContain('dev_1');

    expect(stored).toHaveLength(1);
    const [dev] = stored;
    expect(dev).toMatchObject({
      id: 'dev_1',
      messageId: 'msg_abc123@kindly.example',
      to: 'bob@example.org',
      subject: 'Alice Smith invited you to connect on Kindly',
      createdAt: '2026-03-03T10:00:06.000Z',
    });
    const parsed = await simpleParser(dev?.raw ?? '');
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    expect(parsed.from?.value).toEqual([mail.from]);
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual([mail.replyTo]);
    for (const [name, value] of Object.entries(mail.headers)) expect(rawHeader(parsed, name)).toBe(value);
  });

  it('keeps exactly what the SMTP path would put on the wire', async () => {
    const peer = await startSmtpPeer();
    cleanups.push(() => peer.close());
    const smtp = createSmtpMailer({ url: peer.url });
    cleanups.push(() => smtp.close());
    const { mailbox, stored } = arrayMailbox();

    const mail = composeInvitationMail(invitationInput(), settings);
    await smtp.send(mail);
    await mailbox.send(mail);
    const wire = peer.received[0]?.raw ?? '';
    expect(sameBoundaries(stored[0]?.raw ?? '')).toBe(sameBoundaries(wire));
  });

  it('writes to the real store, where the dev mail pages read it back', async () => {
    const { store } = await openStore(':memory:');
    cleanups.push(() => store.close());
    let n = 0;
    const mailbox = createDevMailbox({ store, clock, newId: () => `dev_${++n}` });
    const mail = composeConfirmationMail(
      {
        messageId: 'msg_conf',
        to: 'someone@example.net',
        tokens: { confirm: tokens.confirm, bounce: tokens.bounce },
        date: new Date('2026-03-03T10:00:00Z'),
      },
      settings,
    );
    await mailbox.send(mail);

    const kept = await (store as Store).getDevMail('dev_1');
    expect(kept).toMatchObject({
      id: 'dev_1',
      messageId: 'msg_conf@kindly.example',
      to: 'someone@example.net',
    });
    const parsed = await simpleParser(kept?.raw ?? '');
    expect(parsed.text).toBe(mail.text);
    expect(rawHeader(parsed, 'X-Kindly-Kind')).toBe('confirmation');
    expect((await store.listDevMail(10)).map((d) => d.id)).toEqual(['dev_1']);
  });
});
