/**
 * What a recipient can do from the links in a message, authorised by the link's token alone: no
 * account, no password. Every move is a compare-and-set, so a double click or a race gives one winner.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { checkDisplayName } from './display-name.js';
import { KindlyError } from './errors.js';
import { invitationOfMessage } from './inviter-feedback.js';
import type { Invitation, Member, TokenPurpose, TokenRecord } from './model.js';
import { UniqueViolation } from './ports.js';
import { applySuppression } from './suppress.js';
import { hashToken, looksLikeToken } from './tokens.js';

export interface Landing {
  invitation: Invitation;
  inviter: Member;
}

async function findToken(deps: CoreDeps, token: string, purpose: TokenPurpose): Promise<TokenRecord> {
  const record = looksLikeToken(token) ? await deps.store.findToken(hashToken(token), purpose) : undefined;
  if (!record) throw new KindlyError('token_invalid');
  return record;
}

/** The invitation a landing token opens. Reading it changes nothing. */
export async function openLanding(deps: CoreDeps, token: string): Promise<Landing> {
  const record = await findToken(deps, token, 'invitation');
  const invitation = record.invitationId ? await deps.store.getInvitation(record.invitationId) : undefined;
  const inviter = invitation ? await deps.store.getMember(invitation.inviterId) : undefined;
  if (!invitation || !inviter) throw new KindlyError('token_invalid');
  return { invitation, inviter };
}

async function close(
  deps: CoreDeps,
  landing: Landing,
  to: 'accepted' | 'declined',
  extra?: (tx: CoreDeps['store']) => Promise<void>,
): Promise<Invitation> {
  const now = deps.clock.now();
  const { invitation } = landing;
  await expireIfDue(deps, invitation);
  return deps.store.transaction(async (tx) => {
    // An answer is the recipient's to tell this inviter: their view shows it as it is.
    if (!(await tx.moveInvitation(invitation.id, 'pending', to, now.toISOString(), { inviterState: to }))) {
      throw new KindlyError('invitation_not_pending');
    }
    await tx.cancelQueuedMessages(invitation.id);
    await extra?.(tx);
    await recordEvent(tx, deps.ids, now, {
      actor: 'recipient',
      action: `invitation.${to}`,
      subjectType: 'invitation',
      subjectId: invitation.id,
    });
    return {
      ...invitation,
      state: to,
      closedAt: now.toISOString(),
      inviterState: to,
      inviterClosedAt: now.toISOString(),
    };
  });
}

/**
 * An invitation past its expiry is closed even if the scheduler has not got to it yet, so a late
 * click can neither accept nor decline it.
 */
async function expireIfDue(deps: CoreDeps, invitation: Invitation): Promise<void> {
  const now = deps.clock.now();
  if (invitation.state !== 'pending' || now.getTime() < Date.parse(invitation.expiresAt)) return;
  await deps.store.transaction(async (tx) => {
    if (!(await tx.moveInvitation(invitation.id, 'pending', 'expired', now.toISOString()))) return;
    await tx.cancelQueuedMessages(invitation.id);
    await recordEvent(tx, deps.ids, now, {
      actor: 'system',
      action: 'invitation.expired',
      subjectType: 'invitation',
      subjectId: invitation.id,
    });
  });
  throw new KindlyError('invitation_not_pending', 'The invitation has expired.');
}

export type AcceptOutcome = { accepted: true; member: Member } | { accepted: false; needsName: true };

/**
 * A member accepts at once. Someone who is not a member yet is asked for a name first; with it, they
 * become a member and the two are connected.
 */
export async function accept(deps: CoreDeps, token: string, name?: string): Promise<AcceptOutcome> {
  const landing = await openLanding(deps, token);
  const { invitation } = landing;
  if (invitation.state !== 'pending') throw new KindlyError('invitation_not_pending');
  await expireIfDue(deps, invitation);
  let member = invitation.recipientMemberId
    ? await deps.store.getMember(invitation.recipientMemberId)
    : await deps.store.findMemberByEmailKey(invitation.recipientKey);
  if (!member && name === undefined) return { accepted: false, needsName: true };
  const newMember = member ? undefined : await prepareMember(deps, invitation, name ?? '');
  try {
    await close(deps, landing, 'accepted', async (tx) => {
      if (newMember) await tx.insertMember(newMember);
      member ??= newMember;
      if (!member) return;
      await tx.insertConnection({
        memberA: invitation.inviterId,
        memberB: member.id,
        invitationId: invitation.id,
        createdAt: deps.clock.now().toISOString(),
      });
      await recordEvent(tx, deps.ids, deps.clock.now(), {
        actor: 'recipient',
        action: 'connection.created',
        subjectType: 'connection',
        subjectId: `${invitation.inviterId}:${member.id}`,
      });
    });
  } catch (error) {
    // The address became a member between our read and our write: accept as that member instead.
    if (error instanceof UniqueViolation && newMember) return accept(deps, token);
    throw error;
  }
  if (!member) throw new KindlyError('invitation_conflict');
  return { accepted: true, member };
}

async function prepareMember(deps: CoreDeps, invitation: Invitation, name: string): Promise<Member> {
  if (!invitation.recipientEmail) throw new KindlyError('invitation_not_pending');
  return {
    id: deps.ids.id('mem'),
    email: invitation.recipientEmail,
    emailKey: invitation.recipientKey,
    name: checkDisplayName(name, { brand: deps.brand, maxLength: deps.rules.nameMaxLength }),
    externalId: null,
    allowReplyTo: true,
    createdAt: deps.clock.now().toISOString(),
  };
}

export async function decline(deps: CoreDeps, token: string): Promise<Invitation> {
  return close(deps, await openLanding(deps, token), 'declined');
}

/**
 * "Block this inviter": nothing from this member to this address, ever. Works on a declined
 * invitation too, since the decline page offers it next.
 */
export async function blockInviter(deps: CoreDeps, token: string): Promise<Landing> {
  const landing = await openLanding(deps, token);
  await deps.store.durableTransaction((tx) =>
    applySuppression(deps, tx, {
      key: landing.invitation.recipientKey,
      scope: `inviter:${landing.inviter.id}`,
      reason: 'decline-block',
      source: 'page',
      actor: 'recipient',
    }),
  );
  return landing;
}

/** "Never e-mail me again" from the landing page: a global suppression of the invitation's address. */
export async function stopFromLanding(deps: CoreDeps, token: string): Promise<void> {
  const { invitation } = await openLanding(deps, token);
  await suppressGlobally(deps, invitation.recipientKey, 'stop', 'page', invitation.id);
}

/** The List-Unsubscribe link (page form, RFC 8058 one-click POST, or the mailto address). */
export async function stopFromLink(
  deps: CoreDeps,
  token: string,
  source: 'link' | 'one-click' | 'mailto',
): Promise<void> {
  const record = await findToken(deps, token, 'stop');
  if (!record.addressKey) throw new KindlyError('token_invalid');
  const invitationId = await invitationOfMessage(deps.store, record.messageId);
  await suppressGlobally(deps, record.addressKey, 'stop', source, invitationId);
}

/** Whether a stop link is genuine, for its GET page, which must change nothing. */
export async function checkStopLink(deps: CoreDeps, token: string): Promise<void> {
  await findToken(deps, token, 'stop');
}

function suppressGlobally(
  deps: CoreDeps,
  key: string,
  reason: 'stop' | 'request',
  source: string,
  invitationId: string | null = null,
) {
  return deps.store.durableTransaction((tx) =>
    applySuppression(deps, tx, { key, scope: 'global', reason, source, actor: 'recipient', invitationId }),
  );
}

export { findToken, suppressGlobally };
