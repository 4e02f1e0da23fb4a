/** The terminal form of an Inspection: short labelled lines a person reads top to bottom. */
import type { Inspection } from './inspect-message.js';
import type { Mailbox } from './message-facts.js';

const width = 13;
const row = (label: string, value: string) => `  ${label.padEnd(width)}${value}`;
const more = (value: string) => `  ${' '.repeat(width)}${value}`;

function mailbox(box: Mailbox | null): string {
  if (!box) return '-';
  return box.name ? `${box.name} <${box.address}>` : box.address;
}

function rows(label: string, values: readonly string[]): string[] {
  return values.map((value, i) => (i === 0 ? row(label, value) : more(value)));
}

function inviterLine(inviter: Inspection['inviter']): string {
  const name = inviter.name ?? 'not named';
  if (!inviter.address) return `${name} (their own address is not in the message)`;
  const how = inviter.relay ? 'Reply-To, relayed by the network' : 'Reply-To';
  return `${name} <${inviter.address}> (${how})`;
}

function senderLines(sender: Inspection['realSender']): string[] {
  const dkim = sender.dkim.map(
    (s) =>
      `d=${s.domain}${s.selector ? ` s=${s.selector}` : ''} (${s.signsListUnsubscribe ? 'signs' : 'does not sign'} List-Unsubscribe)`,
  );
  return [
    'Real sender',
    row('From', mailbox(sender.from)),
    row('Sender', mailbox(sender.sender)),
    row('Reply-To', mailbox(sender.replyTo)),
    row('Return-Path', sender.returnPath ?? '- (not recorded: the file was not saved by a mail server)'),
    ...(dkim.length > 0
      ? [
          ...rows('DKIM', dkim),
          more('(what the signatures claim; not verified, inspect makes no DNS lookups)'),
        ]
      : [row('DKIM', 'no signature')]),
  ];
}

function unsubscribeLines(unsubscribe: Inspection['unsubscribe']): string[] {
  const lines = [
    ...(unsubscribe.oneClick ? [row('one-click', `POST ${unsubscribe.oneClick} (RFC 8058)`)] : []),
    ...rows(
      'web',
      unsubscribe.urls.filter((url) => url !== unsubscribe.oneClick),
    ),
    ...rows('mail', unsubscribe.mailto),
    ...rows(
      'in the text',
      unsubscribe.inBody.filter((url) => !unsubscribe.urls.includes(url)),
    ),
  ];
  return ['Unsubscribe', ...(lines.length > 0 ? lines : [row('', 'none offered')])];
}

/** The report as lines of text, without a trailing newline. */
export function formatReport(inspection: Inspection): string {
  const head = [inspection.summary, row('subject', inspection.subject || '-')];
  if (inspection.evidence.length > 0) head.push(...rows('because', inspection.evidence));
  if (inspection.kind === 'invitation' || inspection.kind === 'reminder') {
    head.push(row('inviter', inviterLine(inspection.inviter)));
  }
  const findings =
    inspection.network === null
      ? []
      : inspection.findings.length === 0
        ? ['Findings: none']
        : [
            `Findings (${inspection.findings.length})`,
            ...inspection.findings.map((f) => `  ! ${f.code}: ${f.message}`),
          ];
  return [
    head.join('\n'),
    senderLines(inspection.realSender).join('\n'),
    unsubscribeLines(inspection.unsubscribe).join('\n'),
    `Postal address: ${inspection.postalAddress ?? 'none found'}`,
    ...(findings.length > 0 ? [findings.join('\n')] : []),
  ].join('\n\n');
}
