import type { ContactOrigin } from '../../core/model.js';
import { formatDate } from './format-date.js';

/**
 * Where an address from an inviter's contacts came from, for the "why you got this" line (DESIGN:
 * "from Alice's contacts"): imported with a file on a date, or added by the inviter by hand on a date.
 * Without a recorded origin, only that it came from their contacts.
 */
export function contactsOrigin(name: string, origin: ContactOrigin | null | undefined): string {
  if (!origin) return `Your address came from ${name}'s contacts`;
  const on = formatDate(new Date(origin.addedAt));
  return origin.source === 'manual'
    ? `Your address is from ${name}'s contacts, added by ${name} on ${on}`
    : `Your address is from ${name}'s contacts, imported on ${on}`;
}
