import { describe, expect, it } from 'vitest';
import { settings, tokens } from '../testing/mail-fixtures.js';
import { headerLines, renderAndParse } from '../testing/render-raw.js';
import { composeConfirmationMail } from './confirmation-mail.js';

const input = {
  messageId: 'msg_conf1',
  to: 'someone@example.net',
  tokens: { confirm: tokens.confirm, bounce: tokens.bounce },
  date: new Date('2026-05-01T08:00:00Z'),
};
const confirmUrl = `https://kindly.example/do-not-contact/confirm/${tokens.confirm}`;

describe('composeConfirmationMail', () => {
  it('asks the address owner to confirm, and promises nothing else', () => {
    const mail = composeConfirmationMail(input, settings);
    expect(mail.text).toContain('Someone asked that someone@example.net never receive mail from Kindly.');
    expect(mail.text).toContain(confirmUrl);
    expect(mail.text).toContain("If it wasn't you, ignore this message; nothing else will be sent.");
    expect(mail.html).toContain(`href="${confirmUrl}"`);
    for (const body of [mail.text, mail.html]) expect(body).toContain(settings.postalAddress);
  });

  it('carries the confirmation headers and no List-Unsubscribe', async () => {
    const mail = composeConfirmationMail(input, settings);
    expect(mail.from).toEqual({ name: 'Kindly', address: 'invitations@kindly.example' });
    expect(mail.envelope).toEqual({
      from: `bounce+${tokens.bounce}@kindly.example`,
      to: 'someone@example.net',
    });
    expect(mail.headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'Feedback-ID': 'confirmation:kindly',
      'X-Kindly-Kind': 'confirmation',
      'X-Kindly-Message': 'msg_conf1',
      // What Postmark's and SendGrid's webhooks hand back, so their events can name the message.
      'X-PM-Metadata-kindly-message': 'msg_conf1',
      'X-SMTPAPI': '{"unique_args":{"kindly_message":"msg_conf1"}}',
    });
    const { raw, parsed } = await renderAndParse(mail);
    expect(parsed.messageId).toBe('<msg_conf1@kindly.example>');
    expect(parsed.text).toContain(confirmUrl);
    expect(headerLines(raw).some((l) => /^list-unsubscribe/i.test(l))).toBe(false);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('escapes the address in HTML', () => {
    const mail = composeConfirmationMail({ ...input, to: '"a&b"@example.net' }, settings);
    expect(mail.html).toContain('&quot;a&amp;b&quot;@example.net');
    expect(() => composeConfirmationMail({ ...input, to: 'x@example.net\nBcc: y@z' }, settings)).toThrow();
  });
});
