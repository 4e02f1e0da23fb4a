import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/test-core.js';
import { invite } from './invite.js';
import { createMember } from './members.js';
import type { Invitation } from './model.js';
import { accept, decline } from './recipient-actions.js';
import { dayMs } from './rules.js';
import { hashToken } from './tokens.js';

describe('recipient actions', () => {
  let t: TestCore;
  let invitation: Invitation;
  const token = 'a-landing-token-of-enough-length-0001';

  beforeEach(async () => {
    t = await createTestCore();
    const alice = await createMember(t.core, { email: 'alice@example.org', name: 'Alice' });
    invitation = (await invite(t.core, { inviterId: alice.id, email: 'bob@example.net' })).invitation;
    await t.core.store.insertToken({
      hash: hashToken(token),
      purpose: 'invitation',
      invitationId: invitation.id,
      addressKey: null,
      messageId: null,
      createdAt: t.clock.now().toISOString(),
    });
  });
  afterEach(() => t.cleanup());

  it('closes an invitation past its expiry instead of accepting or declining it', async () => {
    t.clock.advance(30 * dayMs + 1);
    await expect(accept(t.core, token, 'Bob')).rejects.toMatchObject({ code: 'invitation_not_pending' });
    await expect(decline(t.core, token)).rejects.toMatchObject({ code: 'invitation_not_pending' });
    expect((await t.core.store.getInvitation(invitation.id))?.state).toBe('expired');
    expect(await t.core.store.findMemberByEmailKey(t.core.keyOf('bob@example.net'))).toBeUndefined();
  });

  it('gives two racing declines one winner and one clear error', async () => {
    const results = await Promise.allSettled([decline(t.core, token), decline(t.core, token)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'invitation_not_pending' });
  });

  it('records who did what in the audit log', async () => {
    t.clock.advance(60_000);
    await decline(t.core, token);
    const events = await t.core.store.listEvents('invitation', invitation.id);
    expect(events.map((e) => [e.actor, e.action])).toEqual([
      [expect.stringMatching(/^member:/), 'invitation.created'],
      ['recipient', 'invitation.declined'],
    ]);
    expect(JSON.stringify(events)).not.toContain('bob@example.net');
  });
});
