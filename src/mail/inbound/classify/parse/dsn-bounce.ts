/**
 * A bounce that carries RFC 3464 fields: in a message/delivery-status part, or pasted into the
 * text by MTAs that know the fields but not MIME. The human-readable text before the fields often
 * says more than the Diagnostic-Code; with one recipient, it is added to the diagnosis.
 */
import { type Finding, findCommand } from '../finding.js';
import { maxDiagnosis, squeeze } from '../patterns/text-match.js';
import type { MailView } from './mail-view.js';
import { splitAtCopy } from './original-message.js';
import { dsnFindings, parseDsn } from './parse-dsn.js';

const inlineStart = /^(Reporting-MTA|Final-Recipient|Original-Recipient|Arrival-Date)\s*:/im;

/** The DSN fields: the delivery-status part, or the text from the first DSN field on. */
export function dsnText(view: MailView): [fields: string, human: string] {
  const [human] = splitAtCopy(view.text);
  if (view.deliveryStatus !== '') return [view.deliveryStatus, human];
  const m = inlineStart.exec(human);
  if (m === null) return ['', human];
  return [human.slice(m.index), human.slice(0, m.index)];
}

/** Lines of the human-readable part that carry no information about the failure. */
const boilerplate =
  /^(this is a mime|this is a multi|this is an auto|this multi-part|content-|--|#{3}|\*{3})/i;

export function humanText(text: string): string {
  return squeeze(
    text
      .split('\n')
      .filter((line) => !boilerplate.test(line.trim()))
      .join(' '),
  );
}

/**
 * The human-readable paragraph about one recipient: from the line naming it to the next blank
 * line (MTAs such as Postfix and Sendmail name the refused SMTP command there, not in the DSN).
 */
export function paragraphAbout(human: string, recipient: string): string {
  const lines = human.split('\n');
  const at = lines.findIndex((line) => line.toLowerCase().includes(recipient));
  if (at < 0) return '';
  const end = lines.findIndex((line, i) => i > at && line.trim() === '');
  return lines.slice(at, end < 0 ? undefined : end).join(' ');
}

export function findByDsn(view: MailView): Finding[] | null {
  const [fields, human] = dsnText(view);
  if (fields === '') return null;
  const findings = dsnFindings(parseDsn(fields), 'rfc3464');
  if (findings.length === 0) return null;
  for (const f of findings) {
    f.command = findCommand(f.diagnosis) || findCommand(paragraphAbout(human, f.recipient));
  }
  if (findings.length === 1 && (findings[0] as Finding).command === '') {
    (findings[0] as Finding).command = findCommand(humanText(human));
  }
  if (findings.length === 1) {
    const only = findings[0] as Finding;
    const before = humanText(human);
    if (only.diagnosis === '' || !before.toLowerCase().includes(only.diagnosis.toLowerCase())) {
      // The DSN's own diagnostic must survive the length limit: cut the prose, not the code.
      const room = Math.max(0, maxDiagnosis - only.diagnosis.length - 1);
      only.diagnosis = squeeze(`${before.slice(0, room)} ${only.diagnosis}`);
    } else {
      only.diagnosis = before;
    }
  }
  return findings;
}
