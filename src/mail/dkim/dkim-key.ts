/** DKIM keys: making one, and the DNS TXT value that publishes its public half (RFC 6376 §3.6.1). */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

export interface DkimKeyPair {
  privateKeyPem: string;
  /** Base64 of the DER SubjectPublicKeyInfo: the `p=` tag. */
  publicKeyBase64: string;
}

/** RSA 2048: what every receiver verifies; Ed25519 DKIM (RFC 8463) is still not verified by all. */
export function generateDkimKey(): DkimKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The public half of a PEM private key. Throws when it is not an RSA private key. */
export function dkimPublicKeyOf(privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the DKIM key must be an RSA private key');
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

export function dkimTxtValue(publicKeyBase64: string): string {
  return `v=DKIM1; k=rsa; p=${publicKeyBase64}`;
}

export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}
