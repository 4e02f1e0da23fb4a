/**
 * Sendmail (V8 and Sentrion): "Returned mail: see transcript for details" or "Warning: …", a
 * "----- Transcript of session follows -----" with the SMTP dialogue (`>>> RCPT To:<…>`, `<<< 550 …`)
 * and a DSN. The diagnosis is the Diagnostic-Code, preceded by the remote server's replies when
 * there is one recipient; the command is the last one the transcript shows.
 */

import { findCommand } from '../finding.js';
import { dsnText } from '../parse/dsn-bounce.js';
import type { MailView } from '../parse/mail-view.js';
import { dsnFindings, parseDsn } from '../parse/parse-dsn.js';
import { findReplyCode, findStatus, isStatusCode } from '../patterns/status-code.js';
import { squeeze } from '../patterns/text-match.js';
import type { MtaFamily } from './family.js';

interface Transcript {
  command: string;
  replies: string[];
  otherDiagnosis: string;
  otherStatus: string;
}

function readTranscript(human: string): Transcript {
  const t: Transcript = { command: '', replies: [], otherDiagnosis: '', otherStatus: '' };
  const at = human.indexOf('----- Transcript of session follows -----');
  if (at < 0) return t;
  let talking = false;
  for (const line of human.slice(at).split('\n').slice(1)) {
    if (line.startsWith(' ') || line.trim() === '') continue;
    if (line.startsWith('>>> ')) {
      t.command ||= findCommand(line);
    } else if (line.startsWith('<<< ')) {
      const reply = line.slice(4);
      if (!t.replies.includes(reply)) t.replies.push(reply);
    } else if (!talking) {
      if (line.startsWith('... while talking to ')) {
        talking = true;
        continue;
      }
      const m = /^<[^<>@]{1,254}@[^<>]{1,254}>\.{3} (.*)$/.exec(line);
      if (m !== null) {
        t.otherDiagnosis = m[1] ?? '';
      } else if ((findReplyCode(line) + findStatus(line)).length > 7) {
        t.otherStatus = findStatus(line);
        t.otherDiagnosis = `${t.otherDiagnosis} ${line}`;
      } else if (line.startsWith('Message: ') || line.startsWith('Warning: ')) {
        t.otherDiagnosis = `${t.otherDiagnosis} ${line}`;
      }
    }
  }
  return t;
}

export const sendmail: MtaFamily = {
  name: 'sendmail',
  parse(view: MailView) {
    if (view.headers.has('x-aol-ip')) return null;
    const subject = view.subject;
    if (!subject.startsWith('Warning: ') && !subject.endsWith('see transcript for details')) return null;
    const [fields, human] = dsnText(view);
    if (fields === '') return null;
    const findings = dsnFindings(parseDsn(fields), 'sendmail');
    if (findings.length === 0) return null;
    const t = readTranscript(human);
    for (const f of findings) {
      if (f.diagnosis === '' || /^\d+$/.test(f.diagnosis)) f.diagnosis = t.otherDiagnosis;
      if (t.replies.length > 0 && findings.length === 1)
        f.diagnosis = `${t.replies.join(' ')} ${f.diagnosis}`;
      f.diagnosis = squeeze(f.diagnosis);
      f.command = t.command || findCommand(f.diagnosis) || (t.replies.length > 0 ? 'EHLO' : '');
      if (t.otherStatus !== '' && !isStatusCode(f.status)) f.status = t.otherStatus;
    }
    return findings;
  },
};
