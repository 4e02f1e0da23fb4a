/**
 * Anyone may ask that an address never be mailed. Kindly mails a confirmation link to that address,
 * and only the click makes it a suppression, so nobody can silence someone else. The answer is the
 * same whether the address is known, suppressed already or rate-limited.
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
  const queued = await deps.store.transaction(async (tx) => {
    if ((await tx.findSuppressions(key)).length > 0) return false;
    if ((await tx.countMessagesTo(key, ['confirmation'], since)) > 0) return false;
    await tx.insertMessage(newAddressMessage(deps, 'confirmation', { email: address, key }, now));
    return true;
  });
  if (queued) deps.onMessageQueued?.();
}

export async function checkDoNotContactLink(deps: CoreDeps, token: string): Promise<void> {
  await findToken(deps, token, 'dnc-confirm');
}

export async function confirmDoNotContact(deps: CoreDeps, token: string): Promise<void> {
  const record = await findToken(deps, token, 'dnc-confirm');
  if (!record.addressKey) return;
  await suppressGlobally(deps, record.addressKey, 'request', 'do-not-contact');
}
