/**
 * The last step of every reader: the values a file gave for one contact, as `ImportedContact` wants
 * them. Nothing is validated here; the caller checks addresses by the rules of invitations.
 */

/**
 * The addresses among `values`, trimmed, empty ones dropped, each once: a second spelling that
 * differs only in case is the same mailbox to every provider that matters, and would otherwise be
 * reported twice. Google Contacts puts several addresses of one label in one cell joined by ` ::: `,
 * so such a value is split.
 */
export function distinctAddresses(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const value of values) {
    for (const part of value.split(':::')) {
      const address = part.trim();
      const key = address.toLowerCase();
      if (address === '' || seen.has(key)) continue;
      seen.add(key);
      addresses.push(address);
    }
  }
  return addresses;
}

/**
 * A display name from its parts (first, middle, last…), joined with a space, trimmed, or null when
 * nothing is left. Outlook's "E-mail Display Name" reads `Alice Archer (alice@example.org)`; the
 * address in brackets is not part of the name.
 */
export function displayName(parts: Iterable<string | null | undefined>): string | null {
  const words: string[] = [];
  for (const part of parts) {
    const word = part?.trim();
    if (word) words.push(word);
  }
  const joined = words.join(' ');
  const name = joined.includes('@') ? joined.replace(/\s*\([^()]*@[^()]*\)$/, '').trim() : joined;
  return name === '' ? null : name;
}
