import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestDoNotContact } from '../../core/do-not-contact.js';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import type { Invitation, Message } from '../../core/model.js';
import { hashToken } from '../../core/tokens.js';
import { createTestCore, type TestCore } from '../../testing/test-core.js';
import { correlate, createCorrelator, namedRecipientKey, outboxIdOfMessageId } from './correlate.js';
import { type ClassifiedLike, reportsFromClassified } from './inbound-report.js';

describe('correlating a report with our mail', () => {
  let t: TestCore;
  let invitation: Invitation;
  let message: Message;
  const email = 'bob@example.net';
  const verpToken = 'VerpToken_0123456789abcdefghij';

  async function queuedMessage(to: string): Promise<{ invitation: Invitation; message: Message }> {
    const inviter = await createMember(t.core, { email: `inviter.${to}`, name: 'Inviter' });
    const invited = (await invite(t.core, { inviterId: inviter.id, email: to })).invitation;
    const [queued] = await t.core.store.listMessagesForInvitation(invited.id);
    if (!queued) throw new Error('no message queued');
    return { invitation: invited, message: queued };
  }

  async function bounceToken(token: string, of: Message): Promise<void> {
    await t.core.store.insertToken({
      hash: hashToken(token),
      purpose: 'bounce',
      invitationId: of.invitationId,
      addressKey: of.toKey,
      messageId: of.id,
      createdAt: t.clock.now().toISOString(),
    });
  }

  beforeEach(async () => {
    t = await createTestCore();
    ({ invitation, message } = await queuedMessage(email));
    await bounceToken(verpToken, message);
  });
  afterEach(() => t.cleanup());

  const tied = (via: string) => ({
    tied: true,
    target: { addressKey: t.core.keyOf(email), invitationId: invitation.id, messageId: message.id, via },
  });

  it('ties a report by its VERP token first, when the recipient it names is the message’s', async () => {
    expect(
      await correlate(t.core, {
        verpTokens: [verpToken],
        messageId: '<msg_someone_else@kindly.test>',
        recipient: 'Bob@Example.NET',
      }),
    ).toEqual(tied('verp'));
    expect(await correlate(t.core, { verpTokens: [verpToken] })).toEqual(tied('verp'));
  });

  it('falls back to the original Message-ID, then X-Kindly-Message, when the token is unknown', async () => {
    const unknown = 'Unknown_Token_0123456789abcdefgh';
    expect(
      await correlate(t.core, { verpTokens: [unknown], messageId: `<${message.id}@kindly.test>` }),
    ).toEqual(tied('message-id'));
    expect(
      await correlate(t.core, {
        messageId: '<nope@kindly.test>',
        kindlyMessageId: message.id,
        recipient: email,
      }),
    ).toEqual(tied('x-kindly-message'));
    // A token of another purpose is no VERP token.
    await t.core.store.insertToken({
      hash: hashToken(unknown),
      purpose: 'stop',
      invitationId: null,
      addressKey: 'someone-else',
      messageId: null,
      createdAt: t.clock.now().toISOString(),
    });
    expect(await correlate(t.core, { verpTokens: [unknown], kindlyMessageId: message.id })).toEqual(
      tied('x-kindly-message'),
    );
    expect(await correlate(t.core, { verpTokens: [unknown], messageId: '<msg_gone@kindly.test>' })).toEqual({
      tied: false,
      why: 'unknown-message',
    });
  });

  it('ties nothing to a report that names only an address, however recently Kindly mailed it', async () => {
    // Invited a moment ago (beforeEach), and sent a do-not-contact confirmation.
    await requestDoNotContact(t.core, 'carol@example.org');
    for (const recipient of [email, '<bob@example.net>', 'carol@example.org', 'stranger@example.com']) {
      expect(await correlate(t.core, { recipient })).toEqual({ tied: false, why: 'no-secret' });
      expect(await correlate(t.core, { recipient, verpTokens: [null, 'short'] })).toEqual({
        tied: false,
        why: 'no-secret',
      });
    }
  });

  it('ties nothing when our secret names a message to somebody else', async () => {
    for (const hints of [
      { verpTokens: [verpToken], recipient: 'carol@example.org' },
      { messageId: `<${message.id}@kindly.test>`, recipient: 'carol@example.org' },
      { kindlyMessageId: message.id, recipient: 'bob+other@example.net' },
    ]) {
      expect(await correlate(t.core, hints)).toEqual({ tied: false, why: 'other-recipient' });
    }
  });

  it('reads redaction placeholders as naming nobody, so the message’s own recipient is meant', async () => {
    for (const recipient of [
      'redacted@redacted',
      'redacted@example.net',
      'xxxxxxxx@example.net',
      '***@x.org',
    ]) {
      expect(namedRecipientKey(t.core, recipient)).toBeNull();
      expect(await correlate(t.core, { verpTokens: [verpToken], recipient })).toEqual(tied('verp'));
    }
    for (const recipient of ['redacted', '', 'x@@y', null, undefined]) {
      expect(namedRecipientKey(t.core, recipient)).toBeNull();
    }
    expect(namedRecipientKey(t.core, '<Bob@example.net>')).toBe(t.core.keyOf(email));
  });

  it('tries every envelope token and keeps the one whose message went to the named recipient', async () => {
    const other = await queuedMessage('carol@example.org');
    const otherToken = 'OtherToken_0123456789abcdefghij';
    await bounceToken(otherToken, other.message);
    expect(await correlate(t.core, { verpTokens: [otherToken, verpToken], recipient: email })).toEqual(
      tied('verp'),
    );
  });

  it('reads each message once per correlator, however many reports name it', async () => {
    let reads = 0;
    const getMessage = t.core.store.getMessage;
    t.core.store.getMessage = (id) => {
      reads += 1;
      return getMessage(id);
    };
    const correlator = createCorrelator(t.core);
    for (let i = 0; i < 20; i++) {
      await correlator.correlate({ messageId: `<${message.id}@kindly.test>`, kindlyMessageId: message.id });
    }
    t.core.store.getMessage = getMessage;
    expect(reads).toBe(1);
  });

  it('ignores garbage and empty hints', async () => {
    expect(await correlate(t.core, {})).toEqual({ tied: false, why: 'no-secret' });
    expect(
      await correlate(t.core, { verpTokens: ['short'], messageId: 'no-at-sign', kindlyMessageId: '../x' }),
    ).toEqual({ tied: false, why: 'no-secret' });
  });

  it('reads our outbox id from a Message-ID', () => {
    expect(outboxIdOfMessageId('<msg_abc@kindly.test>')).toBe('msg_abc');
    expect(outboxIdOfMessageId(' msg_abc@kindly.test ')).toBe('msg_abc');
    expect(outboxIdOfMessageId('<@kindly.test>')).toBeNull();
    expect(outboxIdOfMessageId('<a b@kindly.test>')).toBeNull();
    expect(outboxIdOfMessageId(null)).toBeNull();
  });

  it('finds the message of a redacted feedback report by the original headers it attached', async () => {
    const arf = (original: Partial<ClassifiedLike['original']>): ClassifiedLike => ({
      isBounce: true,
      reports: [
        {
          recipient: 'redacted@redacted',
          status: null,
          replyCode: null,
          reason: 'feedback',
          category: 'complaint',
          feedbackType: 'abuse',
        },
      ],
      original: { messageId: null, kindlyMessageId: null, verpToken: null, to: 'redacted', ...original },
    });
    const [byMessageId] = reportsFromClassified(arf({ messageId: `<${message.id}@kindly.test>` }), []);
    expect(byMessageId?.category).toBe('complaint');
    expect(await correlate(t.core, byMessageId?.hints ?? {})).toEqual(tied('message-id'));
    const [byHeader] = reportsFromClassified(arf({ kindlyMessageId: message.id }), []);
    expect(await correlate(t.core, byHeader?.hints ?? {})).toEqual(tied('x-kindly-message'));
    const [byReturnPath] = reportsFromClassified(arf({ verpToken }), []);
    expect(await correlate(t.core, byReturnPath?.hints ?? {})).toEqual(tied('verp'));
    const [nothing] = reportsFromClassified(arf({}), []);
    expect(await correlate(t.core, nothing?.hints ?? {})).toEqual({ tied: false, why: 'no-secret' });
  });

  it('puts the envelope tokens before the one in the attached headers', () => {
    const classified: ClassifiedLike = {
      isBounce: false,
      reports: [],
      original: { messageId: null, kindlyMessageId: null, verpToken: 'from-headers', to: null },
    };
    expect(reportsFromClassified(classified, ['from-envelope'])).toEqual([
      {
        category: 'not-a-bounce',
        hints: {
          verpTokens: ['from-envelope', 'from-headers'],
          messageId: null,
          kindlyMessageId: null,
          recipient: null,
        },
      },
    ]);
  });
});
