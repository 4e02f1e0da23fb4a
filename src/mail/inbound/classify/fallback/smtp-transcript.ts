/**
 * A bounce that quotes the SMTP dialogue, whatever frames it (MDaemon's `--> RCPT To:<…>` and
 * `<-- 550 …`, hMailServer's `hMailServer sent: RCPT TO:<…>` and `Remote server replied: 550 …`,
 * Sendmail's `>>>`/`<<<`): each recipient named in a `RCPT TO` is a failed one when the reply that
 * follows it, or the reply to the DATA after it, is a 4xx or 5xx.
 */
import { emptyFinding, type Finding } from '../finding.js';
import { cleanAddress } from '../parse/addresses.js';
import type { MailView } from '../parse/mail-view.js';
import { splitAtCopy } from '../parse/original-message.js';
import { findReplyCode } from '../patterns/status-code.js';
import { squeeze } from '../patterns/text-match.js';

const rcptTo = /rcpt to:[ \t]{0,5}<?([^\s<>]{1,64}@[^\s<>]{1,255})>?/i;
const dataCommand = /(^|[\s>:-])data\s*$/i;

/** The failure reply in a line (from its code on, without the framing before it), or ''. */
function failureReply(line: string): string {
  const code = findReplyCode(line);
  if (code === '' || code.startsWith('2')) return '';
  const at = line.indexOf(code);
  return at < 0 ? '' : line.slice(at).trim();
}

/** The failure reply in the lines from `start` to the next command, with its continuation lines. */
function replyAfter(lines: readonly string[], start: number): [reply: string, next: number] {
  for (let i = start; i < lines.length && i < start + 6; i++) {
    const line = lines[i] ?? '';
    if (rcptTo.test(line) || dataCommand.test(line)) return ['', i];
    const reply = failureReply(line);
    if (reply === '') continue;
    const code = reply.slice(0, 3);
    const parts = [reply];
    for (let j = i + 1; j < lines.length && j < i + 10; j++) {
      const more = failureReply(lines[j] ?? '');
      if (!more.startsWith(code)) break;
      parts.push(more.replace(/^\d{3}[- ]/, ''));
    }
    return [squeeze(parts.join(' ')), i + 1];
  }
  return ['', start];
}

/** The findings of a quoted SMTP dialogue, or null when the bounce quotes none. */
export function findByTranscript(view: MailView): Finding[] | null {
  const lines = splitAtCopy(view.text)[0].split('\n');
  const refused: Finding[] = [];
  const accepted: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const named = rcptTo.exec(line);
    if (named !== null) {
      const recipient = cleanAddress(named[1] ?? '');
      const [reply] = replyAfter(lines, i + 1);
      if (recipient === '' || refused.some((f) => f.recipient === recipient)) continue;
      if (reply === '') {
        if (!accepted.includes(recipient)) accepted.push(recipient);
        continue;
      }
      refused.push(transcriptFinding(recipient, reply, 'RCPT'));
    } else if (dataCommand.test(line) && accepted.length > 0) {
      const [reply] = replyAfter(lines, i + 1);
      if (reply === '') continue;
      for (const recipient of accepted.splice(0)) refused.push(transcriptFinding(recipient, reply, 'DATA'));
    }
  }
  return refused.length > 0 ? refused : null;
}

function transcriptFinding(recipient: string, reply: string, command: string): Finding {
  const f = emptyFinding('transcript');
  f.recipient = recipient;
  f.diagnosis = reply;
  f.command = command;
  return f;
}
