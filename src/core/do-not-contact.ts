/**
 * Anyone may ask that an address never be mailed. Kindly mails a confirmation link to that address,
 * and only the click makes it a suppression, so nobody can silence someone else. The answer is the
 * same whether the address is known, suppressed already or rate-limited, and so is everything the
 * request sets in motion: one outbox row every time, queued unless the address asked within the
 * confirmation interval. A confirmation to an address suppressed already is queued like any other
 * and stopped by the check at the hand-off to SMTP, which every message passes; the worker's
 * counters then count it like one that went (`runtime/worker-metrics.ts`).
 */
import { parseAddress } from './address.js';
import type { CoreDeps } from './deps.js';
import { newAddressMessage } from './outbox-message.js';
import { findToken, suppressGlobally } from './recipient-actions.js';

export async function requestDoNotContact(deps: CoreDeps, email: string): Promise<void> {
  const address = parseAddress(email);
  const key = deps.keyOf(address);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - deps.rules.confirmationIntervalHours * 3_600_000).toISOString();
  await deps.store.transaction(async (tx) => {
    // Those stopped at the hand-off count too: a suppressed address is asked as often as any other.
    const recent = await tx.countMessagesTo(key, ['confirmation'], since, ['queued', 'sent', 'suppressed']);
    const message = newAddressMessage(deps, 'confirmation', { email: address, key }, now);
    await tx.insertMessage(
      recent > 0 ? { ...message, state: 'cancelled', lastError: 'asked recently' } : message,
    );
  });
  deps.onMessageQueued?.();
}

export async function checkDoNotContactLink(deps: CoreDeps, token: string): Promise<void> {
  await findToken(deps, token, 'dnc-confirm');
}

export async function confirmDoNotContact(deps: CoreDeps, token: string): Promise<void> {
  const record = await findToken(deps, token, 'dnc-confirm');
  if (!record.addressKey) return;
  await suppressGlobally(deps, record.addressKey, 'request', 'do-not-contact');
}
