import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { hashToken } from './core/tokens.js';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has working defaults and generates the secret and the operator token once', () => {
    const first = loadConfig({ KINDLY_DATA_DIR: dataDir });
    expect(first.config).toMatchObject({
      port: 3000,
      baseUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      fromAddress: 'invitations@localhost',
      brand: 'Kindly',
      databaseUrl: `sqlite:${path.join(dataDir, 'kindly.db')}`,
    });
    expect(first.generated.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.config.adminTokenHash).toBe(hashToken(first.generated.adminToken ?? ''));
    expect(statSync(path.join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dataDir, 'admin-token.sha256'), 'utf8')).not.toContain(
      first.generated.adminToken,
    );

    const second = loadConfig({ KINDLY_DATA_DIR: dataDir });
    expect(second.generated).toEqual({});
    expect(second.config.secret).toBe(first.config.secret);
    expect(second.config.adminTokenHash).toBe(first.config.adminTokenHash);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['KINDLY_BASE_URL', { KINDLY_BASE_URL: 'ftp://x' }],
    ['KINDLY_SMTP_URL', { KINDLY_SMTP_URL: 'http://mail' }],
    ['KINDLY_FROM', { KINDLY_FROM: 'not an address' }],
    ['KINDLY_BRAND', { KINDLY_BRAND: 'Evil\r\nBcc: x@y' }],
    ['KINDLY_SECRET', { KINDLY_SECRET: 'short' }],
    ['KINDLY_ADMIN_TOKEN', { KINDLY_ADMIN_TOKEN: 'short' }],
    ['KINDLY_POSTAL_ADDRESS', { KINDLY_SMTP_URL: 'smtp://127.0.0.1:25' }],
  ])('names %s when it is wrong', (variable, env) => {
    let caught: unknown;
    try {
      loadConfig({ KINDLY_DATA_DIR: dataDir, ...env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  it('listens on loopback with the dev mailbox, on every interface with SMTP, or where HOST says', () => {
    const dev = loadConfig({ KINDLY_DATA_DIR: dataDir }).config;
    expect(dev.host).toBe('127.0.0.1');
    // The inbound listener follows HOST unless told otherwise.
    expect(dev.inbound.host).toBe('127.0.0.1');
    const smtp = { KINDLY_SMTP_URL: 'smtp://127.0.0.1:25', KINDLY_POSTAL_ADDRESS: '1 Test Street' };
    const live = loadConfig({ KINDLY_DATA_DIR: dataDir, ...smtp }).config;
    expect(live.host).toBe('0.0.0.0');
    expect(live.inbound.host).toBe('0.0.0.0');
    expect(loadConfig({ KINDLY_DATA_DIR: dataDir, HOST: '0.0.0.0' }).config.host).toBe('0.0.0.0');
    expect(loadConfig({ KINDLY_DATA_DIR: dataDir, HOST: '::1', ...smtp }).config.host).toBe('::1');
    expect(loadConfig({ KINDLY_DATA_DIR: dataDir, HOST: '' }).config.host).toBe('127.0.0.1');
  });

  it('treats empty variables as unset', () => {
    const { config } = loadConfig({ KINDLY_DATA_DIR: dataDir, KINDLY_SMTP_URL: '', PORT: '' });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.port).toBe(3000);
  });
});
