/**
 * Amazon SNS HTTP(S) deliveries: the envelope SES notifications come in, and its signature.
 *
 * The signature is checked with certificates the operator configured (`KINDLY_SES_SNS_CERT`), never
 * with the one the message points at: `SigningCertURL` is whatever the sender wrote, and fetching it
 * at run time would let anybody choose the key their forgery is checked against. SNS signs with
 * SignatureVersion 1 (RSA-SHA1) or 2 (RSA-SHA256) over a canonical string of the message's fields
 * ("Name\nvalue\n" for each, in the order AWS documents). Every SNS topic in a region is signed by
 * the same certificate, so a signature alone does not prove the message came from *our* topic: the
 * TopicArn allow-list (`KINDLY_SES_SNS_TOPIC_ARNS`) closes that gap.
 */
import { verify, X509Certificate } from 'node:crypto';
import { asRecord, forged, PayloadError, unsigned, type Verdict, verified } from './webhook-verdict.js';

export interface SnsSettings {
  /** One or more PEM certificates (a rotation can list the old and the new). */
  certificates: X509Certificate[];
  /** When non-empty, only these topics are believed. */
  topicArns: readonly string[];
}

export type SnsType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SnsMessage {
  Type: SnsType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  SignatureVersion?: string;
  Signature?: string;
}

/** Every certificate in a PEM file. Throws when there is none. */
export function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate found');
  return blocks.map((block) => new X509Certificate(block));
}

const fieldsToSign: Record<SnsType, readonly (keyof SnsMessage)[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** The string SNS signs: absent optional fields (Subject) are left out entirely. */
export function snsStringToSign(message: SnsMessage): string {
  return fieldsToSign[message.Type]
    .filter((field) => typeof message[field] === 'string')
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

export function parseSnsMessage(body: unknown): SnsMessage {
  const record = asRecord(body, 'the SNS message');
  const type = record.Type;
  if (type !== 'Notification' && type !== 'SubscriptionConfirmation' && type !== 'UnsubscribeConfirmation') {
    throw new PayloadError('the SNS message has no known Type');
  }
  for (const field of ['MessageId', 'TopicArn', 'Message', 'Timestamp'] as const) {
    if (typeof record[field] !== 'string') throw new PayloadError(`the SNS message has no ${field}`);
  }
  return record as unknown as SnsMessage;
}

const algorithms: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

export function verifySnsMessage(message: SnsMessage, settings: SnsSettings): Verdict {
  if (!message.Signature) return unsigned('The SNS message carries no Signature.');
  const algorithm = algorithms[message.SignatureVersion ?? ''];
  if (!algorithm) return forged(`SignatureVersion ${message.SignatureVersion ?? '(none)'} is not 1 or 2.`);
  const data = Buffer.from(snsStringToSign(message), 'utf8');
  const signature = Buffer.from(message.Signature, 'base64');
  const genuine = settings.certificates.some((certificate) => {
    try {
      return verify(algorithm, data, certificate.publicKey, signature);
    } catch {
      return false;
    }
  });
  if (!genuine) return forged('The SNS signature does not verify with the configured certificate.');
  if (settings.topicArns.length > 0 && !settings.topicArns.includes(message.TopicArn)) {
    return forged('The SNS topic is not one this installation subscribed to.');
  }
  return verified;
}
