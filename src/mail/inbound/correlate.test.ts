import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invite } from '../../core/invite.js';
import { createMember } from '../../core/members.js';
import type { Invitation, Message } from '../../core/model.js';
import { dayMs } from '../../core/rules.js';
import { hashToken } from '../../core/tokens.js';
import { createTestCore, type TestCore } from '../../testing/test-core.js';
import { correlate, outboxIdOfMessageId } from './correlate.js';
import { type ClassifiedLike, reportsFromClassified } from './inbound-report.js';

describe('correlating a report with our mail', () => {
  let t: TestCore;
  let invitation: Invitation;
  let message: Message;
  const email = 'bob@example.net';
  const verpToken = 'VerpToken_0123456789abcdefghij';

  beforeEach(async () => {
    t = await createTestCore();
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    invitation = (await invite(t.core, { inviterId: alice.id, email })).invitation;
    const [queued] = await t.core.store.listMessagesForInvitation(invitation.id);
    if (!queued) throw new Error('no message queued');
    message = queued;
    await t.core.store.insertToken({
      hash: hashToken(verpToken),
      purpose: 'bounce',
      invitationId: invitation.id,
      addressKey: message.toKey,
      messageId: message.id,
      createdAt: t.clock.now().toISOString(),
    });
  });
  afterEach(() => t.cleanup());

  const expected = (via: string) => ({
    addressKey: t.core.keyOf(email),
    invitationId: invitation.id,
    messageId: message.id,
    via,
  });

  it('trusts the VERP token first, over any other hint', async () => {
    expect(
      await correlate(t.core, {
        verpToken,
        messageId: '<msg_someone_else@kindly.test>',
        recipient: 'carol@example.com',
      }),
    ).toEqual(expected('verp'));
  });

  it('falls back to the original Message-ID, then X-Kindly-Message, when the token is unknown', async () => {
    const unknown = 'Unknown_Token_0123456789abcdefgh';
    expect(await correlate(t.core, { verpToken: unknown, messageId: `<${message.id}@kindly.test>` })).toEqual(
      expected('message-id'),
    );
    expect(await correlate(t.core, { messageId: '<nope@kindly.test>', kindlyMessageId: message.id })).toEqual(
      expected('x-kindly-message'),
    );
    // A token of another purpose is no VERP token.
    await t.core.store.insertToken({
      hash: hashToken(unknown),
      purpose: 'stop',
      invitationId: null,
      addressKey: 'someone-else',
      messageId: null,
      createdAt: t.clock.now().toISOString(),
    });
    expect(await correlate(t.core, { verpToken: unknown, kindlyMessageId: message.id })).toEqual(
      expected('x-kindly-message'),
    );
  });

  it('falls back to Final-Recipient only for an address Kindly has mailed recently', async () => {
    expect(await correlate(t.core, { recipient: 'Bob@Example.NET' })).toEqual({
      addressKey: t.core.keyOf(email),
      invitationId: null,
      messageId: null,
      via: 'recipient',
    });
    expect(await correlate(t.core, { recipient: '<bob@example.net>' })).toMatchObject({ via: 'recipient' });
    expect(await correlate(t.core, { recipient: 'stranger@example.com' })).toBeNull();
    t.clock.advance(91 * dayMs);
    expect(await correlate(t.core, { recipient: email })).toBeNull();
  });

  it('ignores placeholders, garbage and empty hints', async () => {
    for (const recipient of ['redacted@redacted', 'redacted', '', 'x@@y', null]) {
      expect(await correlate(t.core, { recipient })).toBeNull();
    }
    expect(await correlate(t.core, {})).toBeNull();
    expect(
      await correlate(t.core, { verpToken: 'short', messageId: 'no-at-sign', kindlyMessageId: '../x' }),
    ).toBeNull();
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
    const [byMessageId] = reportsFromClassified(arf({ messageId: `<${message.id}@kindly.test>` }), null);
    expect(byMessageId?.category).toBe('complaint');
    expect(await correlate(t.core, byMessageId?.hints ?? {})).toEqual(expected('message-id'));
    const [byHeader] = reportsFromClassified(arf({ kindlyMessageId: message.id }), null);
    expect(await correlate(t.core, byHeader?.hints ?? {})).toEqual(expected('x-kindly-message'));
    const [byReturnPath] = reportsFromClassified(arf({ verpToken }), null);
    expect(await correlate(t.core, byReturnPath?.hints ?? {})).toEqual(expected('verp'));
    const [nothing] = reportsFromClassified(arf({}), null);
    expect(await correlate(t.core, nothing?.hints ?? {})).toBeNull();
  });

  it('prefers the envelope token to the one in the attached headers', () => {
    const classified: ClassifiedLike = {
      isBounce: false,
      reports: [],
      original: { messageId: null, kindlyMessageId: null, verpToken: 'from-headers', to: null },
    };
    expect(reportsFromClassified(classified, 'from-envelope')).toEqual([
      {
        category: 'not-a-bounce',
        hints: { verpToken: 'from-envelope', messageId: null, kindlyMessageId: null, recipient: null },
      },
    ]);
  });
});
