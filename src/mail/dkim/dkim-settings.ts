/**
 * DKIM signing as Kindly does it: nodemailer's own signer, relaxed/relaxed, RSA-SHA256, over the
 * headers DESIGN names. RFC 8058 one-click unsubscribe counts only when the signature covers both
 * List-Unsubscribe and List-Unsubscribe-Post, so those two are never left out; headers a message does
 * not carry (Reply-To when the inviter hides their address) are simply not listed in `h=`.
 */
import type { DKIMOptions } from 'nodemailer/lib/dkim';

export interface DkimSettings {
  /** `d=`: the signing domain; DMARC wants it to align with the From domain. */
  domain: string;
  /** `s=`: the selector; the public key lives at `<selector>._domainkey.<domain>`. */
  selector: string;
  /** PEM, PKCS#8 or PKCS#1, RSA. */
  privateKeyPem: string;
}

export const dkimHeaderFieldNames = [
  'From',
  'To',
  'Subject',
  'Date',
  'Message-ID',
  'Reply-To',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'MIME-Version',
  'Content-Type',
  'Auto-Submitted',
  'Feedback-ID',
] as const;

export function nodemailerDkim(settings: DkimSettings): DKIMOptions {
  return {
    domainName: settings.domain,
    keySelector: settings.selector,
    privateKey: settings.privateKeyPem,
    headerFieldNames: dkimHeaderFieldNames.join(':'),
  };
}
