/**
 * The inviter throttle counts what recipients did about delivered invitations. A global "never
 * again" or a complaint that came through one invitation (its landing page, its List-Unsubscribe
 * link, an ARF report naming its message) is noted against that invitation's inviter.
 */
import type { CoreDeps } from './deps.js';
import type { SuppressionReason, SuppressionScope } from './model.js';
import type { Store } from './ports.js';
import type { RecipientFeedback } from './rules-store.js';

function feedbackOf(scope: SuppressionScope, reason: SuppressionReason): RecipientFeedback | null {
  if (scope !== 'global') return null;
  if (reason === 'complaint') return 'complaint';
  if (reason === 'stop') return 'never-again';
  return null;
}

export async function noteSuppressionFeedback(
  deps: CoreDeps,
  tx: Store,
  request: { invitationId?: string | null | undefined; scope: SuppressionScope; reason: SuppressionReason },
): Promise<void> {
  const feedback = feedbackOf(request.scope, request.reason);
  if (!feedback || !request.invitationId) return;
  const invitation = await tx.getInvitation(request.invitationId);
  if (!invitation) return;
  await tx.noteFeedback(invitation.id, invitation.inviterId, feedback, deps.clock.now().toISOString());
}

/** The invitation a message was about, for stop links, whose token names the message. */
export async function invitationOfMessage(store: Store, messageId: string | null): Promise<string | null> {
  if (!messageId) return null;
  return (await store.getMessage(messageId))?.invitationId ?? null;
}
