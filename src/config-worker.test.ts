import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { defaultRetryPolicy } from './core/retry-policy.js';

describe('worker and retry configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-config-worker-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ KINDLY_DATA_DIR: dataDir, ...env }).config;

  it('defaults to a five-minute lease, one send at a time, and the core retry policy', () => {
    expect(load({})).toMatchObject({
      workerLeaseMs: 300_000,
      workerBatchSize: 20,
      workerConcurrency: 1,
      retry: defaultRetryPolicy,
    });
  });

  it('reads the lease, batch, concurrency and retry policy from the environment', () => {
    const config = load({
      KINDLY_LEASE_MS: '2000',
      KINDLY_WORKER_BATCH: '50',
      KINDLY_WORKER_CONCURRENCY: '4',
      KINDLY_RETRY_BASE_MS: '50',
      KINDLY_RETRY_MAX_MS: '400',
      KINDLY_RETRY_MAX_ATTEMPTS: '6',
      KINDLY_RETRY_MAX_AGE_MS: '60000',
    });
    expect(config).toMatchObject({ workerLeaseMs: 2000, workerBatchSize: 50, workerConcurrency: 4 });
    expect(config.retry).toEqual({
      baseDelayMs: 50,
      maxDelayMs: 400,
      maxAttempts: 6,
      maxAgeMs: 60_000,
      jitter: defaultRetryPolicy.jitter,
    });
  });

  it.each([
    ['KINDLY_LEASE_MS', { KINDLY_LEASE_MS: '100' }],
    ['KINDLY_WORKER_BATCH', { KINDLY_WORKER_BATCH: '0' }],
    ['KINDLY_WORKER_CONCURRENCY', { KINDLY_WORKER_CONCURRENCY: 'many' }],
    ['KINDLY_RETRY_BASE_MS', { KINDLY_RETRY_BASE_MS: '0' }],
    ['KINDLY_RETRY_MAX_ATTEMPTS', { KINDLY_RETRY_MAX_ATTEMPTS: '0' }],
    ['KINDLY_RETRY_MAX_ATTEMPTS', { KINDLY_RETRY_MAX_ATTEMPTS: '2.5' }],
    ['KINDLY_RETRY_MAX_MS', { KINDLY_RETRY_BASE_MS: '5000', KINDLY_RETRY_MAX_MS: '1000' }],
    ['KINDLY_RETRY_MAX_AGE_MS', { KINDLY_RETRY_BASE_MS: '5000', KINDLY_RETRY_MAX_AGE_MS: '1000' }],
  ])('names %s when it is wrong', (variable, env) => {
    let caught: unknown;
    try {
      load(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
  });
});
