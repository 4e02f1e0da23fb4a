/**
 * The DNS records an operator publishes so that Kindly's mail authenticates and its bounces come
 * home: SPF for the envelope sender's domain (the VERP return path lives at the bounce domain, and
 * that is the domain SPF checks), DKIM for the signing domain, DMARC for the From domain, and the MX
 * of the bounce domain pointing at the inbound listener.
 */
import { dkimRecordName, dkimTxtValue } from './dkim-key.js';

export interface DnsInput {
  fromDomain: string;
  bounceDomain: string;
  /** SPF mechanisms authorising the relay that sends for Kindly, e.g. `include:amazonses.com`. */
  spfMechanisms: string;
  dkim?: { selector: string; domain: string; publicKeyBase64: string } | undefined;
  /** The host name the MX points at: where the inbound listener is reachable on port 25. */
  mxHost: string;
}

export interface DnsRecord {
  name: string;
  type: 'TXT' | 'MX';
  value: string;
  comment: string;
}

function orgDomainOf(domain: string): string {
  // Good enough to warn about: the last two labels. (The public suffix list would be exact.)
  return domain.toLowerCase().split('.').slice(-2).join('.');
}

export function dnsRecords(input: DnsInput): DnsRecord[] {
  const records: DnsRecord[] = [
    {
      name: input.bounceDomain,
      type: 'TXT',
      value: `v=spf1 ${input.spfMechanisms} -all`,
      comment: `SPF for the envelope sender bounce+…@${input.bounceDomain}: list the relay Kindly sends through`,
    },
  ];
  if (input.dkim) {
    records.push({
      name: dkimRecordName(input.dkim.selector, input.dkim.domain),
      type: 'TXT',
      value: dkimTxtValue(input.dkim.publicKeyBase64),
      comment: `DKIM public key for d=${input.dkim.domain}, s=${input.dkim.selector}`,
    });
  }
  records.push(
    {
      name: `_dmarc.${input.fromDomain}`,
      type: 'TXT',
      value: `v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc-reports@${input.fromDomain}`,
      comment: 'DMARC for the From domain: start with p=none, move to quarantine once the reports are clean',
    },
    {
      name: input.bounceDomain,
      type: 'MX',
      value: `10 ${input.mxHost.replace(/\.$/, '')}.`,
      comment: `bounces, complaints and mailto unsubscribes go to the inbound listener on ${input.mxHost}:25`,
    },
  );
  return records;
}

/** What the operator should know before publishing: alignment and a missing key. */
export function dnsWarnings(input: DnsInput): string[] {
  const warnings: string[] = [];
  if (!input.dkim)
    warnings.push('No DKIM key is configured: run `kindly dkim generate` and set KINDLY_DKIM_*.');
  else if (orgDomainOf(input.dkim.domain) !== orgDomainOf(input.fromDomain)) {
    warnings.push(
      `DKIM d=${input.dkim.domain} does not align with From ${input.fromDomain}: DMARC will fail.`,
    );
  }
  if (orgDomainOf(input.bounceDomain) !== orgDomainOf(input.fromDomain)) {
    warnings.push(
      `The bounce domain ${input.bounceDomain} does not align with From ${input.fromDomain} for SPF.`,
    );
  }
  if (input.bounceDomain.toLowerCase() === input.fromDomain.toLowerCase()) {
    warnings.push(
      `The MX record takes all mail for ${input.bounceDomain}; if people receive mail there, set KINDLY_BOUNCE_DOMAIN to a subdomain such as bounces.${input.fromDomain}.`,
    );
  }
  return warnings;
}

/** Zone-file lines; TXT values split into the 255-octet strings DNS allows. */
export function formatZone(records: readonly DnsRecord[]): string {
  return records
    .map((record) => {
      const value =
        record.type === 'TXT'
          ? (record.value.match(/.{1,255}/g) ?? ['']).map((part) => `"${part}"`).join(' ')
          : record.value;
      return `; ${record.comment}\n${record.name}. 3600 IN ${record.type} ${value}\n`;
    })
    .join('\n');
}
