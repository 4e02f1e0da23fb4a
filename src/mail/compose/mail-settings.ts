/** What every outgoing message needs to know about the service sending it. */
export interface MailSettings {
  /** The network's name as recipients know it, e.g. `Kindly`. */
  brand: string;
  /** The service's own sender address, e.g. `invitations@kindly.example`; never a member's. */
  fromAddress: string;
  /** Domain for VERP bounce addresses, Message-IDs and the mailto unsubscribe. */
  bounceDomain: string;
  /** Postal address printed at the foot of every message (CAN-SPAM and kin). */
  postalAddress: string;
  /** Public origin of the recipient pages, e.g. `https://kindly.example`, without a trailing slash. */
  baseUrl: string;
}

/**
 * Fills in what may be left out: the bounce domain defaults to the sender's domain, and a trailing
 * slash on the base URL is dropped so links never carry `//`.
 */
export function mailSettings(
  input: Omit<MailSettings, 'bounceDomain'> & { bounceDomain?: string },
): MailSettings {
  const at = input.fromAddress.lastIndexOf('@');
  const bounceDomain = input.bounceDomain ?? (at >= 0 ? input.fromAddress.slice(at + 1) : '');
  if (!bounceDomain) throw new Error('mail settings: no bounce domain and none derivable from fromAddress');
  return { ...input, bounceDomain, baseUrl: input.baseUrl.replace(/\/+$/, '') };
}
