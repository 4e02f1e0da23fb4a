/** `kindly dns`: the SPF, DKIM, DMARC and MX records the operator publishes for the configured domains. */
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { dkimPublicKeyOf } from '../mail/dkim/dkim-key.js';
import { type DnsInput, dnsRecords, dnsWarnings, formatZone } from '../mail/dkim/dns-records.js';

export interface DnsOptions {
  mxHost?: string | undefined;
  spf?: string | undefined;
}

/**
 * Reads the configuration without its side effects: with no KINDLY_SECRET or KINDLY_ADMIN_TOKEN set,
 * loading would generate them, and a token generated here would never be shown to anyone.
 */
function configWithoutSecrets(env: NodeJS.ProcessEnv) {
  const placeholder = 'dns-command-needs-no-secret-0123456789';
  return loadConfig({
    ...env,
    KINDLY_SECRET: env.KINDLY_SECRET || placeholder,
    KINDLY_ADMIN_TOKEN: env.KINDLY_ADMIN_TOKEN || placeholder,
  }).config;
}

export function dnsZone(options: DnsOptions, env: NodeJS.ProcessEnv = process.env): string {
  const config = configWithoutSecrets(env);
  const fromDomain = config.fromAddress.slice(config.fromAddress.lastIndexOf('@') + 1);
  const relay = config.smtpUrl ? new URL(config.smtpUrl).hostname : undefined;
  const input: DnsInput = {
    fromDomain,
    bounceDomain: config.bounceDomain,
    spfMechanisms: options.spf ?? (relay ? `a:${relay}` : 'mx'),
    dkim: config.dkim && {
      selector: config.dkim.selector,
      domain: config.dkim.domain,
      publicKeyBase64: dkimPublicKeyOf(config.dkim.privateKeyPem),
    },
    mxHost: options.mxHost ?? new URL(config.baseUrl).hostname,
  };
  const notes = [
    `; DNS records for Kindly: mail from ${config.fromAddress}, return path bounce+…@${config.bounceDomain}.`,
    `; The MX host must accept SMTP on port 25 and pass it to the inbound listener (port ${config.inbound.port}).`,
    ...(options.spf
      ? []
      : ['; Replace the SPF mechanism with the one your relay documents (e.g. include:amazonses.com).']),
    ...dnsWarnings(input).map((warning) => `; warning: ${warning}`),
  ];
  return `${notes.join('\n')}\n\n${formatZone(dnsRecords(input))}`;
}

export function registerDnsCommand(program: Command): void {
  program
    .command('dns')
    .description('print the SPF, DKIM, DMARC and MX records to publish for the configured domains')
    .option(
      '--mx-host <host>',
      'the host the bounce domain MX points at (default: the host of KINDLY_BASE_URL)',
    )
    .option('--spf <mechanisms>', 'SPF mechanisms authorising your relay, e.g. "include:amazonses.com"')
    .action((options: DnsOptions) => {
      try {
        process.stdout.write(dnsZone(options));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`kindly: configuration error: ${error.message}\n`);
        process.exitCode = 78;
      }
    });
}
