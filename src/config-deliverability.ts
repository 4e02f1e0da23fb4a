/**
 * The configuration of what mail does beyond sending it: the inbound listener, DKIM, and the
 * provider webhooks. Kept beside `config.ts` (which spreads these variables into its schema and this
 * result into its Config) so the two grow without stepping on each other. Files named by variables
 * are read and checked here, at start, so a wrong path or key fails with the variable's name.
 * (`config.ts` passes its ConfigError in: importing it from there would make the two modules a cycle.)
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSendgridPublicKey } from './mail/inbound/providers/sendgrid.js';
import { parseCertificates } from './mail/inbound/providers/sns-message.js';

const domain = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
    'must be a domain name',
  );

export const deliverabilityEnv = {
  KINDLY_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  KINDLY_INBOUND_HOST: z.string().min(1).optional(),
  KINDLY_DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  KINDLY_DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9._-]{0,62})$/i, 'must be a DNS label such as kindly2026')
    .default('kindly'),
  KINDLY_DKIM_DOMAIN: domain.optional(),
  KINDLY_SES_SNS_CERT: z.string().min(1).optional(),
  KINDLY_SES_SNS_TOPIC_ARNS: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}(?:\s*,\s*arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256})*$/,
      'must be SNS topic ARNs separated by commas',
    )
    .optional(),
  KINDLY_POSTMARK_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters of random text')
    .optional(),
  KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
};

type Vars = z.infer<z.ZodObject<typeof deliverabilityEnv>>;

export const defaultInboundPort = 2525;

export interface DeliverabilityConfig {
  inbound: {
    port: number;
    host: string;
    /** False when the default port is used: a busy default then warns instead of stopping the start. */
    portConfigured: boolean;
  };
  /** Unset: mail goes out unsigned. */
  dkim: { domain: string; selector: string; privateKeyPem: string } | undefined;
  webhooks: {
    sesSnsCertificatePem: string | undefined;
    sesSnsTopicArns: string[];
    postmarkSecret: string | undefined;
    sendgridPublicKey: string | undefined;
  };
}

/** Makes the error that names the variable at fault. */
export type ConfigFailure = (variable: string, message: string) => Error;

export function deliverabilityConfig(
  vars: Vars & { HOST: string },
  fromDomain: string,
  fail: ConfigFailure,
): DeliverabilityConfig {
  const readFile = (variable: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw fail(variable, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const check = (variable: string, what: string, test: () => unknown): void => {
    try {
      test();
    } catch (error) {
      throw fail(variable, `${what} (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  let dkim: DeliverabilityConfig['dkim'];
  if (vars.KINDLY_DKIM_PRIVATE_KEY) {
    const privateKeyPem = readFile('KINDLY_DKIM_PRIVATE_KEY', vars.KINDLY_DKIM_PRIVATE_KEY);
    check(
      'KINDLY_DKIM_PRIVATE_KEY',
      'must be a PEM RSA private key, e.g. from `kindly dkim generate`',
      () => {
        if (createPrivateKey(privateKeyPem).asymmetricKeyType !== 'rsa') throw new Error('not RSA');
      },
    );
    dkim = {
      domain: vars.KINDLY_DKIM_DOMAIN ?? fromDomain,
      selector: vars.KINDLY_DKIM_SELECTOR,
      privateKeyPem,
    };
  }
  const certificatePem = vars.KINDLY_SES_SNS_CERT
    ? readFile('KINDLY_SES_SNS_CERT', vars.KINDLY_SES_SNS_CERT)
    : undefined;
  if (certificatePem) {
    check('KINDLY_SES_SNS_CERT', 'must be a PEM file of the SNS signing certificate', () =>
      parseCertificates(certificatePem),
    );
  }
  const sendgridKey = vars.KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY;
  if (sendgridKey) {
    check('KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY', 'must be the base64 ECDSA P-256 key SendGrid shows', () =>
      parseSendgridPublicKey(sendgridKey),
    );
  }
  return {
    inbound: {
      port: vars.KINDLY_INBOUND_PORT ?? defaultInboundPort,
      host: vars.KINDLY_INBOUND_HOST ?? vars.HOST,
      portConfigured: vars.KINDLY_INBOUND_PORT !== undefined,
    },
    dkim,
    webhooks: {
      sesSnsCertificatePem: certificatePem,
      sesSnsTopicArns: (vars.KINDLY_SES_SNS_TOPIC_ARNS ?? '')
        .split(',')
        .map((arn) => arn.trim())
        .filter(Boolean),
      postmarkSecret: vars.KINDLY_POSTMARK_WEBHOOK_SECRET,
      sendgridPublicKey: sendgridKey,
    },
  };
}
