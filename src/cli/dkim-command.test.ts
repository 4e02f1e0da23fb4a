import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/kindly-process.js';
import { dkimGenerate } from './dkim-command.js';
import { dnsZone } from './dns-command.js';

describe('kindly dkim generate and kindly dns', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kindly-dkim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a private RSA 2048 key, never over another, and prints the TXT record of its public half', () => {
    const out = path.join(dir, 'k1.pem');
    const text = dkimGenerate({ selector: 'k2026', domain: 'kindly.example', out }, {});
    const key = createPrivateKey(readFileSync(out, 'utf8'));
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const p = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
    const record = /k2026\._domainkey\.kindly\.example\. 3600 IN TXT (.+)/.exec(text)?.[1] ?? '';
    expect(record.replace(/" "/g, '').replace(/"/g, '')).toBe(`v=DKIM1; k=rsa; p=${p}`);
    expect(record.split('" "').every((part) => part.replace(/"/g, '').length <= 255)).toBe(true);
    expect(text).toContain(`KINDLY_DKIM_PRIVATE_KEY=${out}`);
    expect(() => dkimGenerate({ selector: 'k2026', out }, {})).toThrow(/EEXIST/);
    expect(() => dkimGenerate({ selector: 'bad selector', out: path.join(dir, 'x.pem') }, {})).toThrow(
      /selector/,
    );
  });

  it('prints SPF for the return path, DKIM from the configured key, DMARC and the MX of the bounce domain', () => {
    const keyFile = path.join(dir, 'k2.pem');
    dkimGenerate({ selector: 'sel', out: keyFile }, {});
    const zone = dnsZone(
      { mxHost: 'mx.kindly.example' },
      {
        KINDLY_DATA_DIR: dir,
        KINDLY_FROM: 'invitations@kindly.example',
        KINDLY_BOUNCE_DOMAIN: 'bounces.kindly.example',
        KINDLY_SMTP_URL: 'smtp://relay.example.net:587',
        KINDLY_POSTAL_ADDRESS: '1 Example Street',
        KINDLY_DKIM_PRIVATE_KEY: keyFile,
        KINDLY_DKIM_SELECTOR: 'sel',
      },
    );
    expect(zone).toContain('bounces.kindly.example. 3600 IN TXT "v=spf1 a:relay.example.net -all"');
    expect(zone).toMatch(/sel\._domainkey\.kindly\.example\. 3600 IN TXT "v=DKIM1; k=rsa; p=/);
    expect(zone).toContain('_dmarc.kindly.example. 3600 IN TXT "v=DMARC1; p=none;');
    expect(zone).toContain('bounces.kindly.example. 3600 IN MX 10 mx.kindly.example.');
    expect(zone).not.toMatch(/warning/);
    // No secret was generated into the data folder by merely printing records.
    expect(() => statSync(path.join(dir, 'secret'))).toThrow();
  });

  it('warns when there is no key and when the MX would take the From domain', () => {
    const zone = dnsZone(
      { spf: 'include:amazonses.com' },
      { KINDLY_DATA_DIR: dir, KINDLY_FROM: 'hi@kindly.example' },
    );
    expect(zone).toContain('"v=spf1 include:amazonses.com -all"');
    expect(zone).toMatch(/warning: No DKIM key/);
    expect(zone).toMatch(/warning: The MX record takes all mail for kindly\.example/);
    expect(zone).toContain('kindly.example. 3600 IN MX 10 localhost.');
  });

  it('is registered with the kindly command', () => {
    const help = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src/cli/kindly.ts'), '--help'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    for (const command of ['serve', 'inbound', 'dkim', 'dns'])
      expect(help).toMatch(new RegExp(`\\n\\s+${command}\\b`));
  });
});
