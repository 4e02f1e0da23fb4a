import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration of the inbound listener, DKIM and webhooks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-config-deliverability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { KINDLY_SECRET: 'a'.repeat(32), KINDLY_ADMIN_TOKEN: 'b'.repeat(22), KINDLY_DATA_DIR: dir };
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  };
  const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  });
  const ecPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  });
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({
    format: 'der',
    type: 'spki',
  });

  it('listens on 2525 of HOST by default, signs nothing and configures no webhook', () => {
    const { config } = loadConfig({ ...base, HOST: '127.0.0.1' });
    expect(config.inbound).toEqual({ port: 2525, host: '127.0.0.1', portConfigured: false });
    expect(config.dkim).toBeUndefined();
    expect(config.webhooks).toEqual({
      sesSnsCertificatePem: undefined,
      sesSnsTopicArns: [],
      postmarkSecret: undefined,
      sendgridPublicKey: undefined,
    });
  });

  it('reads the key and certificate files, defaulting the DKIM domain to the From domain', () => {
    const cert = path.join(dir, 'sns.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'sns.key'),
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=sns.test',
      ],
      { stdio: 'pipe' },
    );
    const { config } = loadConfig({
      ...base,
      KINDLY_INBOUND_PORT: '0',
      KINDLY_INBOUND_HOST: '::',
      KINDLY_FROM: 'hi@kindly.example',
      KINDLY_DKIM_PRIVATE_KEY: file('dkim.pem', rsaPem.toString()),
      KINDLY_SES_SNS_CERT: cert,
      KINDLY_SES_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:a, arn:aws:sns:us-east-1:123456789012:b',
      KINDLY_POSTMARK_WEBHOOK_SECRET: 'p'.repeat(16),
      KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        .publicKey.export({ format: 'der', type: 'spki' })
        .toString('base64'),
    });
    expect(config.inbound).toEqual({ port: 0, host: '::', portConfigured: true });
    expect(config.dkim).toMatchObject({ domain: 'kindly.example', selector: 'kindly' });
    expect(config.webhooks.sesSnsCertificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(config.webhooks.sesSnsTopicArns).toEqual([
      'arn:aws:sns:eu-west-1:123456789012:a',
      'arn:aws:sns:us-east-1:123456789012:b',
    ]);
  });

  it.each([
    ['KINDLY_INBOUND_PORT', { KINDLY_INBOUND_PORT: '70000' }],
    ['KINDLY_DKIM_PRIVATE_KEY', { KINDLY_DKIM_PRIVATE_KEY: path.join(dir, 'missing.pem') }],
    ['KINDLY_DKIM_PRIVATE_KEY', { KINDLY_DKIM_PRIVATE_KEY: file('ec.pem', ecPem.toString()) }],
    ['KINDLY_DKIM_PRIVATE_KEY', { KINDLY_DKIM_PRIVATE_KEY: file('junk.pem', 'not a key') }],
    ['KINDLY_DKIM_SELECTOR', { KINDLY_DKIM_SELECTOR: 'two words' }],
    ['KINDLY_DKIM_DOMAIN', { KINDLY_DKIM_DOMAIN: 'not a domain' }],
    ['KINDLY_SES_SNS_CERT', { KINDLY_SES_SNS_CERT: file('cert.pem', 'no certificate here') }],
    ['KINDLY_SES_SNS_TOPIC_ARNS', { KINDLY_SES_SNS_TOPIC_ARNS: 'my-topic' }],
    ['KINDLY_POSTMARK_WEBHOOK_SECRET', { KINDLY_POSTMARK_WEBHOOK_SECRET: 'short' }],
    ['KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY', { KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY: p384.toString('base64') }],
    ['KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY', { KINDLY_SENDGRID_WEBHOOK_PUBLIC_KEY: 'bm90IGEga2V5' }],
  ])('names %s when its value is unusable', (variable, env) => {
    let error: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });

  it('fails on a bad key before generating any secret', () => {
    const fresh = path.join(dir, 'fresh');
    expect(() =>
      loadConfig({ KINDLY_DATA_DIR: fresh, KINDLY_DKIM_PRIVATE_KEY: path.join(dir, 'missing.pem') }),
    ).toThrow(ConfigError);
    expect(existsSync(path.join(fresh, 'admin-token.sha256'))).toBe(false);
  });
});
