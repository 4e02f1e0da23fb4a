/**
 * DESIGN: the address on a closed invitation is redacted 30 days after it closed. This scans every
 * column of every table (found from the database's own catalogue) for the clear address: present at
 * 29 days, so the scan can fail, and nowhere at 30 days and a minute, on SQLite and on Postgres.
 */
import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { requestDoNotContact } from '../core/do-not-contact.js';
import { invite } from '../core/invite.js';
import { createMember } from '../core/members.js';
import { blockInviter, decline } from '../core/recipient-actions.js';
import { requestResumeLink } from '../core/resume-link.js';
import { dayMs } from '../core/rules.js';
import { suppress } from '../core/suppress.js';
import { withdrawInvitation } from '../core/withdraw.js';
import { consentBackends, useConsentWorld } from '../testing/consent-world.js';
import { scanDatabase } from '../testing/database-scan.js';
import { describeBackends } from '../testing/describe-backends.js';

const backends = await consentBackends('the Postgres half of the redaction scan');
const address = 'bob.jones@example.net';

describeBackends(backends, 'redaction on $name', (backend) => {
  const w = useConsentWorld(backend);

  const scan = () => scanDatabase(w.db, w.dialect, address);

  async function landingToken(messageCount: number): Promise<string> {
    const mail = (await w.core.store.listDevMail(messageCount))[0];
    const text = (await simpleParser(mail?.raw ?? '')).text ?? '';
    const token = /\/r\/([A-Za-z0-9_-]{22,})/.exec(text)?.[1];
    if (!token) throw new Error('no landing link in the dev mailbox');
    return token;
  }

  /**
   * An invitation that went everywhere an address can go: the dev mailbox (headers and body), a
   * reminder refused by a relay whose answer echoes the address, the note its inviter wrote.
   */
  async function deliveredInvitation(recipient: { email: string } | { memberId: string }) {
    const alice = await createMember(w.core, { email: 'alice@example.org', name: 'Alice' });
    const { invitation } = await invite(w.core, {
      inviterId: alice.id,
      ...recipient,
      note: `Hi Bob, is ${address} still the right address?`,
      reminders: 2,
    });
    expect(await w.devMailbox.drain()).toBe(1);
    w.clock.advance(7 * dayMs);
    w.peer.answerRcpt = () => ({ code: 550, message: `5.7.1 <${address}>: refused by local policy` });
    expect(await w.smtp.drain()).toBe(1);
    const reminder = (await w.core.store.listMessagesForInvitation(invitation.id)).find(
      (m) => m.kind === 'reminder',
    );
    expect(reminder).toMatchObject({ state: 'failed', lastError: expect.stringContaining(address) });
    return { alice, invitation, token: await landingToken(1) };
  }

  /**
   * Checks that 30 days after closing, the address is gone from every column but `allowed`, and
   * that the invitation's note is `note`: the inviter's words kept, the address in them replaced.
   */
  async function expectRedactedAfter30Days(
    invitationId: string,
    allowed: string[] = [],
    note: string | null = 'Hi Bob, is [address removed] still the right address?',
  ) {
    const closedAt = (await w.core.store.getInvitation(invitationId))?.closedAt;
    if (!closedAt) throw new Error('not closed');
    w.clock.set(new Date(Date.parse(closedAt) + 29 * dayMs));
    await w.devMailbox.drain();
    const early = await scan();
    expect(early.hits).toEqual(expect.arrayContaining(['invitations.recipient_email']));
    w.clock.set(new Date(Date.parse(closedAt) + 30 * dayMs + 60_000));
    await w.devMailbox.drain();
    const late = await scan();
    expect(late.hits).toEqual(allowed);
    // Every table was looked at, and the keyed hash is all that is left.
    expect(late.scanned).toEqual(
      expect.arrayContaining(['dev_mail.raw', 'events.data', 'messages.last_error']),
    );
    const kept = await w.core.store.getInvitation(invitationId);
    expect(kept).toMatchObject({ recipientEmail: null, recipientKey: w.core.keyOf(address) });
    expect(kept?.note).toBe(note);
  }

  it.each([
    ['declined', (token: string) => decline(w.core, token)],
    ['undeliverable (blocked)', (token: string) => blockInviter(w.core, token)],
  ])('removes the address of a %s invitation everywhere', async (_state, close) => {
    const { invitation, token } = await deliveredInvitation({ email: 'Bob.Jones@example.net' });
    const before = await scan();
    expect(before.hits).toEqual(
      expect.arrayContaining([
        'messages.to_email',
        'messages.last_error',
        'dev_mail.to_address',
        'dev_mail.raw',
      ]),
    );
    await close(token);
    await expectRedactedAfter30Days(invitation.id);
  });

  it('removes the address of a withdrawn invitation everywhere', async () => {
    const { invitation } = await deliveredInvitation({ email: 'Bob.Jones@example.net' });
    await withdrawInvitation(w.core, invitation.id);
    await expectRedactedAfter30Days(invitation.id);
  });

  it('removes the address of an expired invitation everywhere', async () => {
    const { invitation } = await deliveredInvitation({ email: 'Bob.Jones@example.net' });
    w.clock.set(new Date(Date.parse(invitation.expiresAt) + 1000));
    await w.devMailbox.drain();
    expect((await w.core.store.getInvitation(invitation.id))?.state).toBe('expired');
    await expectRedactedAfter30Days(invitation.id);
  });

  it("keeps a member's own address but removes the invitation's copy", async () => {
    const bob = await createMember(w.core, { email: address, name: 'Bob' });
    const { invitation, token } = await deliveredInvitation({ memberId: bob.id });
    await decline(w.core, token);
    await expectRedactedAfter30Days(invitation.id, ['members.email']);
  });

  it('removes the address from the digest that carried a waiting invitation too', async () => {
    const invitations = [];
    for (const name of ['Alice', 'Carol', 'Dave', 'Erin']) {
      const inviter = await createMember(w.core, { email: `${name.toLowerCase()}@example.org`, name });
      invitations.push(
        (await invite(w.core, { inviterId: inviter.id, email: address, reminders: 0 })).invitation,
      );
    }
    expect(await w.devMailbox.drain()).toBe(3);
    w.clock.advance(30 * dayMs);
    await w.devMailbox.drain();
    const kinds = (await w.core.store.listDevMail(10)).map(
      (mail) => /X-Kindly-Kind: (\w+)/.exec(mail.raw)?.[1],
    );
    expect(kinds.sort()).toEqual(['digest', 'invitation', 'invitation', 'invitation']);
    const erins = invitations[3];
    if (!erins) throw new Error('no fourth invitation');
    // Held open for the recipient 30 days from the digest (its inviter saw it expire at day 30).
    w.clock.advance(30 * dayMs + 60_000);
    await w.devMailbox.drain();
    expect((await w.core.store.getInvitation(erins.id))?.state).toBe('expired');
    await expectRedactedAfter30Days(erins.id, [], null);
  });

  /** Alice's invitation to the address after it opted out: written closed, pending to her. */
  async function invitedWhileSuppressed() {
    const alice = await createMember(w.core, { email: 'alice@example.org', name: 'Alice' });
    const stop = { scope: 'global', reason: 'stop', source: 'test', actor: 'test' } as const;
    await suppress(w.core, { key: w.core.keyOf(address), ...stop });
    const { invitation } = await invite(w.core, { inviterId: alice.id, email: address });
    expect(invitation).toMatchObject({ state: 'undeliverable', closedAt: invitation.createdAt });
    return invitation;
  }

  /** The address is still held 29 days after `from`, and nowhere 30 days and a minute after it. */
  async function expectGoneThirtyDaysAfter(from: string) {
    w.clock.set(new Date(Date.parse(from) + 29 * dayMs));
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual(expect.arrayContaining(['invitations.recipient_email']));
    w.clock.set(new Date(Date.parse(from) + 30 * dayMs + 60_000));
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual([]);
  }

  it('keeps the address of an invitation written closed for a suppressed address while its inviter sees it open', async () => {
    const invitation = await invitedWhileSuppressed();
    // Thirty days after it closed in truth it is still pending to Alice (expiry day 30): not yet.
    w.clock.set(new Date(Date.parse(invitation.createdAt) + 30 * dayMs - 60_000));
    await w.devMailbox.drain();
    expect((await w.core.store.getInvitation(invitation.id))?.recipientEmail).toBe(address);
    // Counted from the expiry she was promised.
    await expectGoneThirtyDaysAfter(invitation.expiresAt);
  });

  it('redacts one withdrawn by its inviter 30 days after the withdrawal, as anybody’s', async () => {
    const invitation = await invitedWhileSuppressed();
    w.clock.advance(dayMs);
    const withdrawn = await withdrawInvitation(w.core, invitation.id);
    expect(withdrawn).toMatchObject({ state: 'undeliverable', inviterState: 'withdrawn' });
    await expectGoneThirtyDaysAfter(withdrawn.inviterClosedAt ?? '');
  });

  it('removes the address from a do-not-contact confirmation to an address never invited', async () => {
    await requestDoNotContact(w.core, address);
    expect(await w.devMailbox.drain()).toBe(1);
    w.clock.advance(29 * dayMs);
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual(expect.arrayContaining(['messages.to_email', 'dev_mail.raw']));
    w.clock.advance(dayMs + 60_000);
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual([]);
  });

  it('removes the address from a resume link mailed to a suppressed address on its owner’s request', async () => {
    await suppress(w.core, {
      key: w.core.keyOf(address),
      scope: 'global',
      reason: 'complaint',
      source: 'bounce:smtp',
      actor: 'recipient',
    });
    await requestResumeLink(w.core, address);
    expect(await w.devMailbox.drain()).toBe(1);
    w.clock.advance(29 * dayMs);
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual(expect.arrayContaining(['messages.to_email', 'dev_mail.raw']));
    w.clock.advance(dayMs + 60_000);
    await w.devMailbox.drain();
    expect((await scan()).hits).toEqual([]);
  });
});
