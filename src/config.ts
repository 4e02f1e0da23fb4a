/**
 * Environment → typed, validated configuration. Every problem names the variable at fault, so a
 * misconfigured start fails with one readable line instead of a stack trace.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  type DeliverabilityConfig,
  deliverabilityConfig,
  deliverabilityEnv,
} from './config-deliverability.js';
import { type MetricsConfig, metricsConfig, metricsEnv } from './config-metrics.js';
import { rulesConfig, rulesEnv } from './config-rules.js';
import { defaultRetryPolicy, type RetryPolicy } from './core/retry-policy.js';
import type { Rules } from './core/rules.js';

/** Inbound listener, DKIM and provider webhooks: see config-deliverability.ts; metrics: config-metrics.ts. */
export interface Config extends DeliverabilityConfig, MetricsConfig {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  /** Unset: mail goes to the dev mailbox at /dev/mailbox. */
  smtpUrl: string | undefined;
  fromAddress: string;
  bounceDomain: string;
  brand: string;
  postalAddress: string;
  /** HMAC key for suppression keys and form tokens. */
  secret: string;
  /** SHA-256 of the operator's bearer token. */
  adminTokenHash: string;
  dataDir: string;
  workerPollMs: number;
  /** How long a claimed message is a worker's alone; after that another worker may take it. */
  workerLeaseMs: number;
  workerBatchSize: number;
  /** Messages one worker process sends at once; also the most duplicates one crash can cause. */
  workerConcurrency: number;
  /** Backoff for transient delivery failures (SMTP 4xx, dropped connections). */
  retry: RetryPolicy;
  logLevel: string;
  /** DESIGN's consent rules, as tightened by the operator: see config-rules.ts. */
  rules: Rules;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** What start-up generated and must tell the operator once. */
export interface GeneratedSecrets {
  adminToken?: string;
  secretFile?: string;
}

const devPostalAddress = 'Postal address not configured (set KINDLY_POSTAL_ADDRESS)';

const url = (scheme: RegExp, hint: string) =>
  z.string().refine((value) => {
    try {
      return scheme.test(new URL(value).protocol);
    } catch {
      return false;
    }
  }, hint);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Default chosen in loadConfig: loopback for the dev mailbox, every interface with SMTP.
  HOST: z.string().min(1).optional(),
  KINDLY_DATA_DIR: z.string().min(1).default('./data'),
  KINDLY_DATABASE_URL: z.string().min(1).optional(),
  KINDLY_BASE_URL: url(/^https?:$/, 'must be an http(s) URL such as https://kindly.example.com').optional(),
  KINDLY_SMTP_URL: url(/^smtps?:$/, 'must be an smtp:// or smtps:// URL').optional(),
  KINDLY_FROM: z.email('must be an e-mail address such as invitations@kindly.example.com').optional(),
  KINDLY_BOUNCE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name')
    .optional(),
  KINDLY_BRAND: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[^\r\n"<>]+$/, 'must be one line without quotes or angle brackets')
    .default('Kindly'),
  KINDLY_POSTAL_ADDRESS: z.string().min(5).max(300).optional(),
  KINDLY_SECRET: z.string().min(32, 'must be at least 32 characters of random text').optional(),
  KINDLY_ADMIN_TOKEN: z
    .string()
    .min(22, 'must be at least 22 characters (128 bits) of random text')
    .optional(),
  KINDLY_WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  KINDLY_LEASE_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(86_400_000)
    .default(5 * 60_000),
  KINDLY_WORKER_BATCH: z.coerce.number().int().min(1).max(1000).default(20),
  KINDLY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(1),
  KINDLY_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400_000)
    .default(defaultRetryPolicy.baseDelayMs),
  KINDLY_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(defaultRetryPolicy.maxDelayMs),
  KINDLY_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(defaultRetryPolicy.maxAttempts),
  KINDLY_RETRY_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(30 * 86_400_000)
    .default(defaultRetryPolicy.maxAgeMs),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...deliverabilityEnv,
  ...rulesEnv,
  ...metricsEnv,
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): {
  config: Config;
  generated: GeneratedSecrets;
} {
  const parsed = envSchema.safeParse(emptyAsUnset(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const vars = parsed.data;
  const dataDir = path.resolve(vars.KINDLY_DATA_DIR);
  const baseUrl = (vars.KINDLY_BASE_URL ?? `http://localhost:${vars.PORT || 3000}`).replace(/\/+$/, '');
  const fromAddress = vars.KINDLY_FROM ?? `invitations@${new URL(baseUrl).hostname}`;
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  if (vars.KINDLY_SMTP_URL && !vars.KINDLY_POSTAL_ADDRESS) {
    throw new ConfigError('KINDLY_POSTAL_ADDRESS', 'is required when KINDLY_SMTP_URL sends real mail');
  }
  // A cap below the first delay, or a lifetime shorter than it, would make the policy say nothing.
  if (vars.KINDLY_RETRY_MAX_MS < vars.KINDLY_RETRY_BASE_MS)
    throw new ConfigError('KINDLY_RETRY_MAX_MS', 'must be at least KINDLY_RETRY_BASE_MS');
  if (vars.KINDLY_RETRY_MAX_AGE_MS < vars.KINDLY_RETRY_BASE_MS)
    throw new ConfigError('KINDLY_RETRY_MAX_AGE_MS', 'must be at least KINDLY_RETRY_BASE_MS');
  // Without SMTP the dev mailbox shows every recipient's address and live links to whoever can reach
  // the port, so only this machine can unless HOST says otherwise. With SMTP, every interface.
  const host = vars.HOST ?? (vars.KINDLY_SMTP_URL ? '0.0.0.0' : '127.0.0.1');
  // Before any secret is generated: a bad key file must not cost the operator a token shown once.
  const deliverability = deliverabilityConfig(
    { ...vars, HOST: host },
    fromDomain,
    (v, m) => new ConfigError(v, m),
  );
  const rules = rulesConfig(vars, (v, m) => new ConfigError(v, m));
  const generated: GeneratedSecrets = {};
  const secret = vars.KINDLY_SECRET ?? readOrCreateSecret(dataDir, generated);
  const adminTokenHash = vars.KINDLY_ADMIN_TOKEN
    ? sha256(vars.KINDLY_ADMIN_TOKEN)
    : readOrCreateAdminTokenHash(dataDir, generated);
  return {
    config: {
      ...deliverability,
      port: vars.PORT,
      host,
      databaseUrl: vars.KINDLY_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'kindly.db')}`,
      baseUrl,
      smtpUrl: vars.KINDLY_SMTP_URL,
      fromAddress,
      bounceDomain: vars.KINDLY_BOUNCE_DOMAIN ?? fromDomain,
      brand: vars.KINDLY_BRAND,
      postalAddress: vars.KINDLY_POSTAL_ADDRESS ?? devPostalAddress,
      secret,
      adminTokenHash,
      dataDir,
      workerPollMs: vars.KINDLY_WORKER_POLL_MS,
      workerLeaseMs: vars.KINDLY_LEASE_MS,
      workerBatchSize: vars.KINDLY_WORKER_BATCH,
      workerConcurrency: vars.KINDLY_WORKER_CONCURRENCY,
      retry: {
        ...defaultRetryPolicy,
        baseDelayMs: vars.KINDLY_RETRY_BASE_MS,
        maxDelayMs: vars.KINDLY_RETRY_MAX_MS,
        maxAttempts: vars.KINDLY_RETRY_MAX_ATTEMPTS,
        maxAgeMs: vars.KINDLY_RETRY_MAX_AGE_MS,
      },
      logLevel: vars.LOG_LEVEL,
      rules,
      metrics: metricsConfig(vars),
    },
    generated,
  };
}

function emptyAsUnset(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function writePrivate(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function readOrCreateSecret(dataDir: string, generated: GeneratedSecrets): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensureDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  writePrivate(file, `${secret}\n`);
  generated.secretFile = file;
  return secret;
}

/** The generated token is shown once; only its hash is kept, like every other token. */
function readOrCreateAdminTokenHash(dataDir: string, generated: GeneratedSecrets): string {
  const file = path.join(dataDir, 'admin-token.sha256');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensureDir(dataDir);
  const token = randomBytes(24).toString('base64url');
  writePrivate(file, `${sha256(token)}\n`);
  generated.adminToken = token;
  return sha256(token);
}
