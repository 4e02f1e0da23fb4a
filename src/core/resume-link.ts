/**
 * "Let people invite me again", for a recipient who holds no stop link: whatever put the address on
 * the list (a complaint, a bounce, a forged report, a request), its owner can lift the global
 * suppression by proving they read that mailbox. DESIGN: only the recipient can lift a complaint, by
 * confirming their address.
 *
 * Anyone may ask for the link on the page; it goes only to the address itself, so only the mailbox's
 * owner can use it. The request does the same writes whatever the address is (known, unknown,
 * suppressed, or not), so neither the answer nor its timing tells the asker anything. Each address
 * gets at most `resumeLinkRule.perAddressPerDay` such mails a day. The link carries 192 random bits
 * (stored as a SHA-256 hash), works for `validMinutes` after it is sent, and once: its POST deletes
 * it in the same durable transaction that lifts the suppression. Blocks of single inviters stay (the
 * recipient chose them one by one), and closed invitations stay closed (final states never move).
 *
 * This mail goes to an address that may be suppressed: the one exception to "never mail a suppressed
 * address", allowed because the mailbox's owner asked for it. The worker's last check before SMTP lets
 * through only this kind (`suppressionExemptKind`), only when it belongs to no invitation and no
 * inviter (`store/handoff-queries.ts`).
 */
import { parseAddress } from './address.js';
import type { CoreDeps } from './deps.js';
import { KindlyError } from './errors.js';
import { liftWithin } from './lift-suppression.js';
import type { MessageKind, TokenRecord } from './model.js';
import { newAddressMessage } from './outbox-message.js';
import { hashToken, looksLikeToken } from './tokens.js';

/** The message kind the hand-off check lets reach a suppressed address; no other. */
export const suppressionExemptKind: MessageKind = 'resume';

export const resumeLinkRule = {
  /** How long a mailed link works, counted from when it was sent (minted). */
  validMinutes: 15,
  /** Links mailed to one address (by suppression key) per rolling day, all askers together. */
  perAddressPerDay: 3,
} as const;

/** The gate that makes two simultaneous requests for one address count one after the other. */
function resumeGate(key: string): string {
  return `resume:${key}`;
}

/**
 * Queues a link to `email`, unless it already had `perAddressPerDay` in the last day. Throws
 * `invalid_email` for an address that cannot receive mail; otherwise answers nothing, on purpose.
 */
export async function requestResumeLink(deps: CoreDeps, email: string): Promise<void> {
  const address = parseAddress(email);
  const key = deps.keyOf(address);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  const queued = await deps.store.transaction(async (tx) => {
    await tx.lockGate(resumeGate(key), now.toISOString());
    if ((await tx.countMessagesTo(key, [suppressionExemptKind], since)) >= resumeLinkRule.perAddressPerDay) {
      return false;
    }
    await tx.insertMessage(newAddressMessage(deps, suppressionExemptKind, { email: address, key }, now));
    return true;
  });
  if (queued) deps.onMessageQueued?.();
}

async function freshLink(deps: CoreDeps, store: CoreDeps['store'], token: string): Promise<TokenRecord> {
  const record = looksLikeToken(token) ? await store.findToken(hashToken(token), 'resume') : undefined;
  const age = record ? deps.clock.now().getTime() - Date.parse(record.createdAt) : Number.POSITIVE_INFINITY;
  if (!record?.addressKey || age > resumeLinkRule.validMinutes * 60_000) {
    throw new KindlyError('token_invalid', 'The link has expired or was already used.');
  }
  return record;
}

/** Whether the link still works, for its GET page: reading changes nothing. Throws `token_invalid`. */
export async function checkResumeLink(deps: CoreDeps, token: string): Promise<void> {
  await freshLink(deps, deps.store, token);
}

/**
 * Uses the link up and lifts the global suppression of its address as the recipient, in one durable
 * transaction. Returns false when there was no global suppression to lift. Throws `token_invalid`
 * for a link that is unknown, expired or already used.
 */
export async function resumeFromMailedLink(deps: CoreDeps, token: string): Promise<boolean> {
  return deps.store.durableTransaction(async (tx) => {
    const record = await freshLink(deps, tx, token);
    const key = record.addressKey ?? '';
    if (!(await tx.deleteToken(record.hash, 'resume'))) throw new KindlyError('token_invalid');
    return liftWithin(deps, tx, { key, scope: 'global', actor: 'recipient', source: 'mailed-link' });
  });
}
