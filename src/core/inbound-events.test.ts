import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core.js';
import { applyInboundEvent, type InboundCategory, type InboundEvent } from './inbound-events.js';
import { invite } from './invite.js';
import { liftSuppression } from './lift-suppression.js';
import { createMember } from './members.js';
import type { Invitation, Message } from './model.js';
import { dayMs } from './rules.js';
import { checkSuppression, suppress } from './suppress.js';

describe('inbound events', () => {
  let t: TestCore;
  let invitation: Invitation;
  const email = 'bob@example.net';

  beforeEach(async () => {
    t = await createTestCore();
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    invitation = (await invite(t.core, { inviterId: alice.id, email })).invitation;
  });
  afterEach(() => t.cleanup());

  function event(category: InboundCategory, extra: Partial<InboundEvent> = {}): InboundEvent {
    return {
      category,
      source: 'smtp',
      target: { addressKey: t.core.keyOf(email), invitationId: invitation.id, messageId: null, via: 'verp' },
      ...extra,
    };
  }

  /** A reminder already in the outbox, due next week, as a scheduler would queue it. */
  async function queueReminder(): Promise<Message> {
    const at = t.clock.now();
    const reminder: Message = {
      id: t.core.ids.id('msg'),
      kind: 'reminder',
      invitationId: invitation.id,
      inviterId: invitation.inviterId,
      toEmail: email,
      toKey: invitation.recipientKey,
      state: 'queued',
      dueAt: new Date(at.getTime() + 7 * dayMs).toISOString(),
      leaseUntil: null,
      attempts: 0,
      lastError: null,
      createdAt: at.toISOString(),
      sentAt: null,
    };
    await t.core.store.insertMessage(reminder);
    return reminder;
  }

  it('suppresses a hard bounce at once, closes the invitation and cancels its reminder', async () => {
    const reminder = await queueReminder();
    expect(await applyInboundEvent(t.core, event('hard', { status: '5.1.1', reason: 'userunknown' }))).toBe(
      'suppressed',
    );
    expect(await checkSuppression(t.core, email)).toEqual({
      suppressed: true,
      scope: 'global',
      reason: 'hard-bounce',
    });
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
    expect((await t.core.store.getMessage(reminder.id))?.state).toBe('cancelled');
    const audit = await t.core.store.listEvents('suppression', t.core.keyOf(email));
    expect(audit.map((e) => e.action).sort()).toEqual(['inbound.hard', 'suppression.added']);
    expect(audit.find((e) => e.action === 'inbound.hard')?.data).toMatchObject({
      outcome: 'suppressed',
      status: '5.1.1',
      via: 'verp',
    });
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('suppresses the third soft bounce within seven days, not the second, and counts a message once', async () => {
    const soft = (messageId: string | null) =>
      applyInboundEvent(t.core, event('soft', { target: { ...event('soft').target, messageId } }));
    expect(await soft('msg_1')).toBe('counted');
    // The same message again, whichever path reports it: still one, and the answer says so.
    expect(await soft('msg_1')).toBe('ignored');
    expect(
      await applyInboundEvent(t.core, {
        ...event('soft', { target: { ...event('soft').target, messageId: 'msg_1' } }),
        source: 'postmark',
      }),
    ).toBe('ignored');
    t.clock.advance(3 * dayMs);
    expect(await soft('msg_2')).toBe('counted');
    expect((await checkSuppression(t.core, email)).suppressed).toBe(false);
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('pending');
    t.clock.advance(3 * dayMs);
    expect(await soft(null)).toBe('suppressed');
    expect((await checkSuppression(t.core, email)).reason).toBe('soft-bounce');
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('undeliverable');
  });

  it('forgets soft bounces older than seven days', async () => {
    const soft = (messageId: string) =>
      applyInboundEvent(t.core, event('soft', { target: { ...event('soft').target, messageId } }));
    await soft('msg_1');
    await soft('msg_2');
    t.clock.advance(7 * dayMs + 1);
    expect(await soft('msg_3')).toBe('counted');
    t.clock.advance(dayMs);
    expect(await soft('msg_4')).toBe('counted');
    expect(await soft('msg_5')).toBe('suppressed');
  });

  it('suppresses a complaint at once and replaces a weaker reason, so no operator can lift it', async () => {
    await suppress(t.core, {
      key: t.core.keyOf(email),
      scope: 'global',
      reason: 'admin',
      source: 'api',
      actor: 'operator',
    });
    expect(await applyInboundEvent(t.core, event('complaint', { feedbackType: 'abuse' }))).toBe('suppressed');
    expect((await checkSuppression(t.core, email)).reason).toBe('complaint');
    await expect(
      liftSuppression(t.core, { key: t.core.keyOf(email), scope: 'global', actor: 'operator' }),
    ).rejects.toMatchObject({ code: 'complaint_suppression' });
    expect((await checkSuppression(t.core, email)).suppressed).toBe(true);
    // The recipient, having confirmed the address, can.
    expect(
      await liftSuppression(t.core, { key: t.core.keyOf(email), scope: 'global', actor: 'recipient' }),
    ).toBe(true);
    expect((await checkSuppression(t.core, email)).suppressed).toBe(false);
  });

  it('lets an operator lift a bounce suppression', async () => {
    await applyInboundEvent(t.core, event('hard'));
    expect(
      await liftSuppression(t.core, { key: t.core.keyOf(email), scope: 'global', actor: 'operator' }),
    ).toBe(true);
    expect((await checkSuppression(t.core, email)).suppressed).toBe(false);
  });

  it('keeps the first reason when a hard bounce follows a stop', async () => {
    await applyInboundEvent(t.core, event('unsubscribe'));
    await applyInboundEvent(t.core, event('hard'));
    expect((await checkSuppression(t.core, email)).reason).toBe('stop');
  });

  it('changes nothing for auto-replies, deliveries, non-bounces and DMARC failure reports', async () => {
    for (const category of ['auto-reply', 'delivered', 'not-a-bounce'] as const) {
      expect(await applyInboundEvent(t.core, event(category))).toBe('ignored');
    }
    expect(await applyInboundEvent(t.core, event('complaint', { feedbackType: 'auth-failure' }))).toBe(
      'ignored',
    );
    expect((await checkSuppression(t.core, email)).suppressed).toBe(false);
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('pending');
    const audit = await t.core.store.listEvents('suppression', t.core.keyOf(email));
    // One clock tick for all four: the order among them is the ids', so compare as a set.
    expect(audit.map((e) => e.action).sort()).toEqual([
      'inbound.auto-reply',
      'inbound.complaint',
      'inbound.delivered',
      'inbound.not-a-bounce',
    ]);
  });

  it('writes the audit line on the message when the report named it', async () => {
    const target = { ...event('hard').target, messageId: 'msg_known' };
    await applyInboundEvent(t.core, event('hard', { target }));
    const audit = await t.core.store.listEvents('message', 'msg_known');
    expect(audit.map((e) => [e.actor, e.action])).toEqual([['system', 'inbound.hard']]);
  });
});
