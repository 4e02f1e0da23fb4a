/**
 * A member's settings (DESIGN, "Member settings"): whether their address may be their invitations'
 * Reply-To, whether members who have their address may find them by it (`discoverable`), and who may
 * invite them (`invitePolicy`). A refused invitation is written like one to a suppressed address, so
 * the inviter cannot tell it from one that was sent and not answered.
 */
import { recordEvent } from './audit.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import type { InvitePolicy, Member } from './model.js';
import type { Store } from './ports.js';

export interface MemberSettings {
  allowReplyTo?: boolean | undefined;
  discoverable?: boolean | undefined;
  invitePolicy?: InvitePolicy | undefined;
}

/** Writes the settings given (the others stay); returns the member as it is now. Throws `not_found`. */
export async function updateMemberSettings(
  deps: CoreDeps,
  memberId: string,
  settings: MemberSettings,
): Promise<Member> {
  const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return deps.store.transaction(async (tx) => {
    const member = await tx.getMember(memberId);
    if (!member) throw new KindlyError('not_found', 'No member has that id.');
    if (Object.keys(changes).length === 0) return member;
    await tx.updateMemberSettings(member.id, changes);
    await recordEvent(tx, deps.ids, deps.clock.now(), {
      actor: `member:${member.id}`,
      action: 'member.settings-changed',
      subjectType: 'member',
      subjectId: member.id,
      data: changes,
    });
    return (await tx.getMember(member.id)) ?? member;
  });
}

/**
 * Whether the member at `recipientKey` (if any) refuses invitations from `inviterId`: `nobody`
 * always, `mutual` unless the two share a connection. Runs inside the invite transaction.
 */
export async function refusesInvitation(
  tx: Store,
  inviterId: string,
  recipientKey: string,
): Promise<boolean> {
  const recipient = await tx.findMemberByEmailKey(recipientKey);
  if (!recipient || recipient.id === inviterId) return false;
  switch (recipient.invitePolicy ?? 'anyone') {
    case 'anyone':
      return false;
    case 'nobody':
      return true;
    case 'mutual':
      return !(await tx.haveMutualConnection(inviterId, recipient.id));
  }
}
