/**
 * Postfix: "Undelivered Mail Returned to Sender", a human-readable report (`<user@example.com>: host
 * mx.example.com[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)`) and a DSN. The DSN's
 * Diagnostic-Code is the diagnosis; the report's line about the recipient names the SMTP command
 * and replaces the diagnosis when it says more.
 */

import { type Finding, findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { dsnText } from '../parse/dsn-bounce.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { originalHeaders } from '../parse/original-message.js';
import { dsnFindings, parseDsn } from '../parse/parse-dsn.js';
import { findReplyCode, findStatus } from '../patterns/status-code.js';
import { aligned, squeeze } from '../patterns/text-match.js';
import { findingFor, type MtaFamily, subjectOf } from './family.js';

interface ReportLine {
  recipient: string;
  said: string;
}

/** The `<address>: text` paragraphs of the human-readable report, with their continuation lines. */
function reportLines(human: string): { lines: ReportLine[]; commands: string[] } {
  const lines: ReportLine[] = [];
  const commands: string[] = [];
  let current: ReportLine | null = null;
  for (const line of human.split('\n')) {
    if (line.includes('(in reply to ') || line.includes('command)')) {
      const command = findCommand(line);
      if (command !== '') commands.push(command);
    }
    const m = /^<([^<>\s@]{1,254}@[^<>\s]{1,254})>(?: \(expanded from <[^<>]{1,254}>\))?:\s?(.*)$/.exec(line);
    if (m !== null) {
      current = { recipient: cleanAddress(m[1] ?? ''), said: m[2] ?? '' };
      lines.push(current);
      continue;
    }
    if (current !== null && /^\s{2,}\S/.test(line)) current.said = `${current.said} ${line.trim()}`;
    else if (line.trim() === '') current = null;
  }
  return { lines, commands };
}

function merge(f: Finding, said: string): void {
  const alt = squeeze(said);
  if (alt === '') return;
  if (f.diagnosis === '' || /^\d+$/.test(f.diagnosis)) {
    f.diagnosis = alt;
    return;
  }
  let better = false;
  if (f.status === '' || f.status.endsWith('.0.0')) {
    const status = findStatus(alt);
    if (status !== '' && !status.endsWith('.0.0')) {
      f.status = status;
      better = true;
    }
  }
  if (f.replyCode === '' || f.replyCode.endsWith('00')) {
    const reply = findReplyCode(alt);
    if (reply !== '' && !reply.endsWith('00')) {
      f.replyCode = reply;
      better = true;
    }
  }
  if (better && alt.length >= f.diagnosis.length && alt.includes(f.diagnosis)) f.diagnosis = alt;
}

/** "--- Delivery report unavailable ---": the recipient is the returned message's To. */
function unavailableReport(view: MailView, human: string): string {
  if (!human.includes('--- Delivery report unavailable ---')) return '';
  return cleanAddress(first(originalHeaders(view), 'to'));
}

export const postfix: MtaFamily = {
  name: 'postfix',
  parse(view: MailView) {
    if (view.headers.has('x-aol-ip')) return null;
    if (subjectOf(view) !== 'undelivered mail returned to sender') return null;
    const [fields, human] = dsnText(view);
    const report = reportLines(human);
    let findings = fields === '' ? [] : dsnFindings(parseDsn(fields), 'postfix');
    if (findings.length === 0) {
      const recipient = report.lines[0]?.recipient ?? unavailableReport(view, human);
      if (recipient === '') return null;
      findings = [findingFor('postfix', recipient, '')];
    }
    for (const f of findings) {
      if (f.diagnosticType.toUpperCase() === 'X-POSTFIX') f.diagnosticType = 'SMTP';
      const line =
        report.lines.find((l) => l.recipient === f.recipient) ?? report.lines[report.lines.length - 1];
      if (line !== undefined) merge(f, line.said);
      f.diagnosis = squeeze(f.diagnosis);
      f.command = report.commands[0] ?? findCommand(f.diagnosis);
      if (f.command === '' && f.diagnosis.includes('refused to talk to me:')) f.command = 'HELO';
      if (f.diagnosticType === '' && aligned(f.diagnosis, ['host ', ' said:'])) f.diagnosticType = 'SMTP';
    }
    return findings;
  },
};
