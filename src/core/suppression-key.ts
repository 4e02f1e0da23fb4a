/**
 * Suppression keys: the only form in which an opted-out address is stored.
 * `suppressionKey = hex(HMAC-SHA256(secret, canonicalAddress(parseAddress(address))))`, so every spelling of
 * one mailbox (case under full case folding, IDN form, quoting, provider dots and `+tags`) has one key, and
 * the key reveals nothing without the secret. This is the one function that keys an address: members,
 * invitations, suppressions, their import, do-not-contact and inbound reports all reach it through
 * `CoreDeps.keyOf`.
 */
import { createHmac } from 'node:crypto';
import { parseAddress } from './address.js';
import { canonicalAddress } from './canonical-address.js';

export type SuppressionKeyer = (address: string) => string;

/**
 * The suppression key of an address. Throws `KindlyError('invalid_email')` when the address is not valid,
 * so that no key is ever computed from a string that is not a mailbox.
 */
export function suppressionKey(secret: string | Buffer, address: string): string {
  assertSecret(secret);
  return createHmac('sha256', secret)
    .update(canonicalAddress(parseAddress(address)), 'utf8')
    .digest('hex');
}

/** `suppressionKey` bound to one secret (copied, so later changes to a Buffer do not change keys). */
export function createSuppressionKeyer(secret: string | Buffer): SuppressionKeyer {
  assertSecret(secret);
  const own = typeof secret === 'string' ? secret : Buffer.from(secret);
  return (address) => suppressionKey(own, address);
}

/** An empty secret would make keys a plain (reversible by guessing) hash of the address. */
function assertSecret(secret: string | Buffer): void {
  if (secret.length === 0) throw new Error('The suppression key secret must not be empty.');
}
