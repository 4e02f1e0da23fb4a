import type { InvitationState } from './model.js';

/** Only `pending` moves; every other state is final. */
const moves: Record<InvitationState, readonly InvitationState[]> = {
  pending: ['accepted', 'declined', 'withdrawn', 'expired', 'undeliverable'],
  accepted: [],
  declined: [],
  withdrawn: [],
  expired: [],
  undeliverable: [],
};

export function canMove(from: InvitationState, to: InvitationState): boolean {
  return moves[from].includes(to);
}

export function isFinal(state: InvitationState): boolean {
  return moves[state].length === 0;
}
