/**
 * `kindly inspect --filter sieve|gmail|procmail`: a rule that catches this network's invitations
 * and reminders (not its other mail) and files them into a folder. What it matches on depends on
 * what each mail system can see: Sieve (RFC 5228) and procmail read any header, so they match the
 * sender domain, the DKIM signing domain and the network's own X-headers; Gmail filters see only
 * From, Subject, List-Id and words, so they match the sender address and subject words.
 */
import type { Inspection } from './inspect-message.js';
import { domainOf, headerValue, type MessageFacts } from './message-facts.js';
import { inDomains } from './networks.js';

export type FilterFormat = 'sieve' | 'gmail' | 'procmail';
export const filterFormats: readonly FilterFormat[] = ['sieve', 'gmail', 'procmail'];

interface HeaderTest {
  name: string;
  /** `is`: the whole value; `prefix`: the value or the value followed by `;` and parameters. */
  op: 'is' | 'contains' | 'prefix';
  values: string[];
}

/** What identifies this network's invitations, before it is written in any filter language. */
export interface FilterSpec {
  title: string;
  /** The network's domains; subdomains match too. */
  fromDomains: string[];
  /** Signing domains (`d=`) the message carried within those domains. */
  dkimDomains: string[];
  /** Any one of these marks an invitation; empty when only words can. */
  headerTests: HeaderTest[];
  /** What Gmail's `from:` should match: an address or the domains. */
  gmailFrom: string;
  /** True when that address sends nothing but invitations, so Gmail needs no subject words. */
  dedicatedAddress: boolean;
  /** Subject words of invitations and reminders, for filters that cannot read headers. */
  subjectWords: string[];
}

/** The filter spec for the message's network; null when the message is not a network's invitation. */
export function filterSpec(inspection: Inspection, facts: MessageFacts): FilterSpec | null {
  const network = inspection.network;
  if (!network || (inspection.kind !== 'invitation' && inspection.kind !== 'reminder')) return null;
  const fromAddress = facts.from?.address ?? null;
  const fromDomains =
    network.id === 'kindly' || network.id === 'generic' ? [domainOf(fromAddress)] : network.domains;
  const base = {
    title: `${network.name} invitations and reminders`,
    fromDomains: fromDomains.filter(Boolean),
    dkimDomains: [...new Set(facts.dkim.map((s) => s.domain).filter((d) => inDomains(d, fromDomains)))],
    gmailFrom: fromDomains.join(' OR '),
    dedicatedAddress: false,
  };
  switch (network.id) {
    case 'linkedin':
      return {
        ...base,
        headerTests: [
          { name: 'X-LinkedIn-Template', op: 'contains', values: ['invite'] },
          { name: 'X-LinkedIn-Class', op: 'is', values: ['INVITE-GUEST'] },
        ],
        ...(fromAddress && /^invitations@/i.test(fromAddress)
          ? { gmailFrom: fromAddress, dedicatedAddress: true }
          : {}),
        subjectWords: ['add me to your LinkedIn network', 'wants to connect', 'invitation'],
      };
    case 'facebook': {
      const type = (headerValue(facts, 'x-facebook-notify') ?? 'friend').split(';')[0]?.trim() || 'friend';
      return {
        ...base,
        headerTests: [{ name: 'X-Facebook-Notify', op: 'prefix', values: [...new Set([type, 'friend'])] }],
        subjectWords: ['friends on Facebook', 'friend request', 'invited you'],
      };
    }
    case 'kindly':
      return {
        ...base,
        headerTests: [{ name: 'X-Kindly-Kind', op: 'is', values: ['invitation', 'reminder', 'digest'] }],
        gmailFrom: fromAddress ?? base.gmailFrom,
        subjectWords: ['invited you to connect'],
      };
    case 'xing':
      return {
        ...base,
        headerTests: [],
        subjectWords: [
          'Kontaktanfrage',
          'vernetzen',
          'Einladung',
          'wartet auf Ihre Antwort',
          'contact request',
        ],
      };
    default: {
      const listId = headerValue(facts, 'list-id');
      const id = listId ? (/<([^>]+)>/.exec(listId)?.[1] ?? listId) : null;
      return {
        ...base,
        headerTests: id ? [{ name: 'List-Id', op: 'contains', values: [id] }] : [],
        gmailFrom: fromAddress ?? base.gmailFrom,
        subjectWords: ['invited you', 'wants to connect', 'invitation'],
      };
    }
  }
}

const sieveString = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const sieveList = (values: readonly string[]) =>
  values.length === 1 ? sieveString(values[0] ?? '') : `[${values.map(sieveString).join(', ')}]`;
const sieveWildcard = (text: string) => text.replace(/[\\*?]/g, (c) => `\\${c}`);

function sieveHeaderTest(test: HeaderTest): string {
  if (test.op === 'prefix') {
    const values = test.values.flatMap((v) => [sieveWildcard(v), `${sieveWildcard(v)};*`]);
    return `header :matches ${sieveString(test.name)} ${sieveList(values)}`;
  }
  return `header :${test.op} ${sieveString(test.name)} ${sieveList(test.values)}`;
}

/** RFC 5228 Sieve with only `fileinto` (RFC 5228 §4.1). */
export function toSieve(spec: FilterSpec, folder: string): string {
  const domains = spec.fromDomains.flatMap((d) => [d, `*.${d}`]);
  const tests = [`address :domain :matches "from" ${sieveList(domains)}`];
  if (spec.dkimDomains.length > 0) {
    const patterns = spec.dkimDomains.flatMap((d) => [`*d=${sieveWildcard(d)};*`, `*d=${sieveWildcard(d)}`]);
    tests.push(`header :matches "DKIM-Signature" ${sieveList(patterns)}`);
  }
  if (spec.headerTests.length > 0) {
    tests.push(`anyof (\n    ${spec.headerTests.map(sieveHeaderTest).join(',\n    ')}\n  )`);
  } else {
    tests.push(`header :contains "subject" ${sieveList(spec.subjectWords)}`);
  }
  return [
    `# kindly inspect: ${spec.title}.`,
    '# Files them into the folder below; write `discard;` instead of `fileinto` to drop them.',
    'require ["fileinto"];',
    '',
    `if allof (\n  ${tests.join(',\n  ')}\n) {`,
    `  fileinto ${sieveString(folder)};`,
    '  stop;',
    '}',
    '',
  ].join('\n');
}

const regexEscape = (text: string) => text.replace(/[.*+?^$()[\]{}|\\/]/g, (c) => `\\${c}`);

/** Space or tab: procmail's regular expressions have no `\t`, so the tab is written as it is. */
const blank = '[ \t]';

/** A procmail recipe (procmailrc(5)); conditions are ANDed, each a case-insensitive regex. */
export function toProcmail(spec: FilterSpec, folder: string): string {
  const domains = spec.fromDomains.map(regexEscape).join('|');
  const conditions = [`* ^From:.*@([-a-z0-9]+\\.)*(${domains})>?${blank}*$`];
  if (spec.headerTests.length > 0) {
    const alternatives = spec.headerTests.flatMap((t) =>
      t.values.map((v) =>
        t.op === 'contains'
          ? `${regexEscape(t.name)}:.*${regexEscape(v)}`
          : `${regexEscape(t.name)}:${blank}*${regexEscape(v)}${blank}*${t.op === 'prefix' ? '(;|$)' : '$'}`,
      ),
    );
    conditions.push(`* ^(${alternatives.join('|')})`);
  } else {
    // procmail sees the subject as sent: in an RFC 2047 Q-encoded word a space is `_`.
    const words = spec.subjectWords.map((word) => regexEscape(word).replace(/ /g, '[ _]'));
    conditions.push(`* ^Subject:.*(${words.join('|')})`);
  }
  return [
    `# kindly inspect: ${spec.title}.`,
    `# Delivers them to the maildir folder ${folder}/ ; use /dev/null to drop them.`,
    ':0',
    ...conditions,
    `${folder.replace(/[^\w.-]/g, '_')}/`,
    '',
  ].join('\n');
}

const xmlAttr = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Gmail search the filter uses (Gmail search operators). */
export function gmailQuery(spec: FilterSpec): { from: string; subject: string | null } {
  const subject = spec.subjectWords.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' OR ');
  return { from: spec.gmailFrom, subject: spec.dedicatedAddress ? null : `(${subject})` };
}

/** Gmail's filter export format (Settings → Filters → Import filters). */
export function toGmail(spec: FilterSpec, label: string): string {
  const query = gmailQuery(spec);
  const properties: [string, string][] = [
    ['from', query.from],
    ...(query.subject ? ([['subject', query.subject]] as [string, string][]) : []),
    ['label', label],
    ['shouldArchive', 'true'],
  ];
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    `<!-- kindly inspect: ${xmlAttr(spec.title)}. Import it in Gmail: Settings, Filters, Import filters. -->`,
    `<!-- Or search: from:(${xmlAttr(query.from)})${query.subject ? ` subject:${xmlAttr(query.subject)}` : ''} -->`,
    "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:apps='http://schemas.google.com/apps/2006'>",
    '  <title>Mail Filters</title>',
    '  <entry>',
    "    <category term='filter'></category>",
    `    <title>${xmlAttr(spec.title)}</title>`,
    '    <content></content>',
    ...properties.map(([name, value]) => `    <apps:property name='${name}' value='${xmlAttr(value)}'/>`),
    '  </entry>',
    '</feed>',
    '',
  ].join('\n');
}

/** The rule in `format`, filing into `folder` (a Sieve folder, a maildir folder, a Gmail label). */
export function renderFilter(spec: FilterSpec, format: FilterFormat, folder = 'Invitations'): string {
  if (format === 'sieve') return toSieve(spec, folder);
  if (format === 'procmail') return toProcmail(spec, folder);
  return toGmail(spec, folder);
}
