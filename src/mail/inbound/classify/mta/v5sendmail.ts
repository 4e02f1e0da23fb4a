/**
 * Sendmail version 5 (no DSN): "Returned mail: …", "----- Transcript of session follows -----" with
 * "While talking to host:", the `>>>`/`<<<` dialogue and `550 <user@example.com>... reason` lines,
 * then "----- Unsent message follows -----".
 */

import { emptyFinding, type Finding, findCommand } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { originalHeaders } from '../parse/original-message.js';
import { findReplyCode } from '../patterns/status-code.js';
import { squeeze } from '../patterns/text-match.js';
import type { MtaFamily } from './family.js';

export const v5sendmail: MtaFamily = {
  name: 'v5sendmail',
  parse(view: MailView) {
    if (!view.subject.startsWith('Returned mail: ')) return null;
    const copyAt = view.text.search(/ {2,3}----- (Unsent message follows|No message was collected) -----/);
    if (copyAt < 0) return null;
    const start = view.text.indexOf('----- Transcript of session follows -----');
    if (start < 0 || start > copyAt) return null;
    let v = emptyFinding('v5sendmail');
    const findings: Finding[] = [v];
    let other = '';
    let host = '';
    let command = '';
    for (const line of view.text.slice(start, copyAt).split('\n').slice(1)) {
      if (line.trim() === '') continue;
      if (line.startsWith('>>> ')) command = findCommand(line.slice(4));
      const named =
        /\s<([^<>\s@]{1,254}@[^<>\s]{1,254})>\.{3}/.exec(line) ??
        /^>>> RCPT TO:\s*<([^<>\s]{1,254})>/i.exec(line);
      if (named === null) {
        if (line.includes('While talking to ')) host = /While talking to ([^\s:]+)/.exec(line)?.[1] ?? host;
        else if (line.startsWith('>>> ') || line.startsWith('<<< ')) v.diagnosis = `${v.diagnosis} ${line}`;
        else other = `${other} ${line}`;
        continue;
      }
      const recipient = cleanAddress(named[1] ?? '');
      if (recipient === v.recipient || (command === 'MAIL' && line.startsWith('<<< '))) {
        v.diagnosis = `${v.diagnosis} ${line}`;
        command = '';
      } else {
        if (v.recipient !== '') {
          v = emptyFinding('v5sendmail');
          findings.push(v);
        }
        v.recipient = recipient;
        v.rhost = host;
        v.diagnosis = host === '' ? `${other} ${line}` : `${v.diagnosis} ${line}`;
        if (host === '') other = '';
        v.command ||= command;
      }
    }
    if (v.recipient === '' && findings.length === 1) {
      v.recipient = cleanAddress(first(originalHeaders(view), 'to'));
      v.diagnosis = other;
      if (v.recipient === '') return null;
    }
    for (const f of findings) if (f.diagnosis.trim() === '') f.diagnosis = other;
    for (const f of findings) {
      f.diagnosis = squeeze(f.diagnosis);
      f.command ||= findCommand(f.diagnosis);
      f.replyCode = findReplyCode(f.diagnosis);
    }
    return findings;
  },
};
