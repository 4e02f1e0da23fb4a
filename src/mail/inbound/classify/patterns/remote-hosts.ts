/**
 * Some large mailbox providers document their own error codes and phrases; when the refusing host
 * (or the recipient's domain, or the reporting host) is one of theirs, their rules decide the reason
 * before the generic ones. The provider is recognised like sisimai's `rhost` package does.
 */
import type { Finding } from '../finding.js';
import { providerRules } from './remote-host-rules.js';

/** Host name suffixes of each provider. */
const providers: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['aol', ['.mail.aol.com', '.mx.aol.com']],
  ['apple', ['.mail.icloud.com', '.apple.com', '.me.com']],
  ['cloudflare', ['.mx.cloudflare.net']],
  ['cox', ['cox.net']],
  ['facebook', ['.facebook.com']],
  ['franceptt', ['.laposte.net', '.orange.fr', '.wanadoo.fr']],
  ['godaddy', ['smtp.secureserver.net', 'mailstore1.secureserver.net']],
  ['google', ['aspmx.l.google.com', 'gmail-smtp-in.l.google.com']],
  ['gsuite', ['googlemail.com']],
  ['iua', ['.email.ua']],
  ['kddi', ['.ezweb.ne.jp', 'msmx.au.com']],
  ['messagelabs', ['.messagelabs.com']],
  ['microsoft', ['.prod.outlook.com', '.protection.outlook.com', '.onmicrosoft.com', '.exchangelabs.com']],
  ['mimecast', ['.mimecast.com']],
  ['nttdocomo', ['mfsmax.docomo.ne.jp']],
  ['outlook', ['.hotmail.com']],
  ['spectrum', ['charter.net']],
  ['tencent', ['.qq.com']],
  ['yahooinc', ['.yahoodns.net']],
];

/** A host name from a Remote-MTA / Reporting-MTA value: `dns; mx.example.com [192.0.2.1]` → `mx.example.com`. */
export function hostName(value: string): string {
  const bare = value.replace(/^[A-Za-z-]{1,10};\s*/, '').trim();
  const first = bare.split(/[\s[\]()]+/).find((part) => /[a-z]/i.test(part)) ?? '';
  return first.toLowerCase().replace(/\.$/, '');
}

/** Which provider's rules apply: by the recipient's domain, then the remote host, then the reporting host. */
export function providerOf(f: Finding): string {
  const domain = f.recipient.slice(f.recipient.lastIndexOf('@') + 1).toLowerCase();
  if (domain.includes('.')) {
    for (const [name, suffixes] of providers) if (suffixes.some((s) => s.endsWith(domain))) return name;
  }
  for (const host of [hostName(f.rhost), hostName(f.lhost)]) {
    if (host === '') continue;
    for (const [name, suffixes] of providers) if (suffixes.some((s) => host.endsWith(s))) return name;
  }
  return '';
}

/** The reason the provider's own rules give, or ''. */
export function reasonOfRemoteHost(f: Finding): string {
  if (f.diagnosis === '') return '';
  const provider = providerOf(f);
  const rule = provider === '' ? undefined : providerRules[provider];
  return rule === undefined ? '' : rule(f);
}
