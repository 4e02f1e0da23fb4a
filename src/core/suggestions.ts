/**
 * People you may know. Members only — never an address that is not a member's — reached through
 * the member's connections (friends of friends, counted) and through the member's *own* book, matched
 * by address key to members who let people find them by address. Another member's book is never
 * read: that would tell someone who uploaded their address. Connections, pending invitations either
 * way, dismissed people, members who left, and members whose invite policy would refuse this member
 * are left out. Each suggestion says why: its mutual connections, and whether it is in the member's
 * contacts.
 */

import { recordEvent } from './audit.js';
import { bookOwner } from './contacts.js';
import type { SuggestionCandidate } from './contacts-store.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';

/** Being in the member's own contacts ranks like this many mutual connections. */
export const contactWeight = 3;

export async function listSuggestions(
  deps: CoreDeps,
  memberId: string,
  limit: number,
): Promise<SuggestionCandidate[]> {
  const member = await bookOwner(deps, memberId);
  return deps.store.listSuggestions(member.id, member.emailKey, { limit, contactWeight });
}

/** "Not interested", for good: the other member is never suggested to this one again. */
export async function dismissSuggestion(deps: CoreDeps, memberId: string, otherId: string): Promise<void> {
  const member = await bookOwner(deps, memberId);
  if (otherId === member.id) throw new KindlyError('invalid_input', 'A member cannot dismiss themselves.');
  const other = await deps.store.getMember(otherId);
  if (!other) throw new KindlyError('not_found', 'No member has that id.');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.dismissSuggestion(member.id, other.id, now.toISOString());
    await recordEvent(tx, deps.ids, now, {
      actor: `member:${member.id}`,
      action: 'suggestion.dismissed',
      subjectType: 'member',
      subjectId: member.id,
      data: { otherId: other.id },
    });
  });
}
