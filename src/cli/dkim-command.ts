/** `kindly dkim generate`: a new signing key, and the DNS record that publishes it. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { dkimRecordName, dkimTxtValue, generateDkimKey } from '../mail/dkim/dkim-key.js';
import { formatZone } from '../mail/dkim/dns-records.js';

export interface DkimGenerateOptions {
  selector: string;
  domain?: string | undefined;
  out?: string | undefined;
}

/** The signing domain when none is given: what the service itself would use. */
function defaultDomain(env: NodeJS.ProcessEnv): string | undefined {
  const from = env.KINDLY_FROM;
  return env.KINDLY_DKIM_DOMAIN || (from?.includes('@') ? from.slice(from.lastIndexOf('@') + 1) : undefined);
}

/** Writes the key (never over an existing file, readable by its owner only) and says what to publish. */
export function dkimGenerate(options: DkimGenerateOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(options.selector)) {
    throw new Error(`--selector ${options.selector} is not a DNS label`);
  }
  const domain = options.domain ?? defaultDomain(env) ?? 'example.com';
  const file = path.resolve(options.out ?? `dkim-${options.selector}.pem`);
  const key = generateDkimKey();
  writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  const record = formatZone([
    {
      name: dkimRecordName(options.selector, domain),
      type: 'TXT',
      value: dkimTxtValue(key.publicKeyBase64),
      comment: `DKIM public key for d=${domain}, s=${options.selector}`,
    },
  ]);
  return [
    `kindly: wrote the DKIM private key to ${file} (keep it secret)`,
    '',
    'Publish this DNS record:',
    '',
    record,
    'Then start Kindly with:',
    '',
    `    KINDLY_DKIM_PRIVATE_KEY=${file}`,
    `    KINDLY_DKIM_SELECTOR=${options.selector}`,
    `    KINDLY_DKIM_DOMAIN=${domain}`,
    '',
  ].join('\n');
}

export function registerDkimCommand(program: Command): void {
  program
    .command('dkim')
    .description('DKIM signing keys')
    .command('generate')
    .description('make an RSA 2048 DKIM key and print the DNS TXT record that publishes it')
    .option('--selector <selector>', 'the DKIM selector (s=)', 'kindly')
    .option(
      '--domain <domain>',
      'the signing domain (d=); default KINDLY_DKIM_DOMAIN or the domain of KINDLY_FROM',
    )
    .option('--out <file>', 'where to write the private key (default dkim-<selector>.pem; never overwritten)')
    .action((options: DkimGenerateOptions) => {
      try {
        process.stdout.write(dkimGenerate(options));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EEXIST' ? 'the key file already exists; choose another --out' : String(error);
        process.stderr.write(`kindly: ${why}\n`);
        process.exitCode = 1;
      }
    });
}
