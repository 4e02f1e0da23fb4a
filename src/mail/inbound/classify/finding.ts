/**
 * What a parser found about one failed recipient, before the reason is decided. Every parser (DSN,
 * ARF, auto-reply, each MTA family) fills these; empty strings mean "not said".
 */
export interface Finding {
  /** The failed recipient, lower-cased. */
  recipient: string;
  /** Original-Recipient / X-Actual-Recipient, when it differs. */
  alias: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** RFC 3463 status, from the Status: field or the MTA's text. */
  status: string;
  /** SMTP reply code. */
  replyCode: string;
  /** The diagnostic text: Diagnostic-Code, or what the MTA wrote about this recipient. */
  diagnosis: string;
  /** The Diagnostic-Code type: SMTP, X-UNIX, X-POSTFIX… */
  diagnosticType: string;
  /** The SMTP command the remote host refused (RCPT, DATA, MAIL, CONN, HELO, EHLO, STARTTLS). */
  command: string;
  /** Remote-MTA: the host that refused. */
  rhost: string;
  /** Reporting-MTA: the host that wrote the bounce. */
  lhost: string;
  /** A reason the parser is sure of (an MTA that names it), else ''. */
  reason: string;
  /** ARF Feedback-Type. */
  feedbackType: string;
  /** Which parser produced it (for debugging and the docs' figures). */
  agent: string;
}

export function emptyFinding(agent: string): Finding {
  return {
    recipient: '',
    alias: '',
    action: '',
    status: '',
    replyCode: '',
    diagnosis: '',
    diagnosticType: '',
    command: '',
    rhost: '',
    lhost: '',
    reason: '',
    feedbackType: '',
    agent,
  };
}

const commands = [
  'HELO',
  'EHLO',
  'STARTTLS',
  'AUTH PLAIN',
  'AUTH LOGIN',
  'AUTH CRAM-',
  'AUTH DIGEST-',
  'MAIL F',
  'RCPT',
  'DATA',
  'QUIT',
  'XFORWARD',
] as const;

/**
 * The furthest SMTP command a text names (`… after RCPT TO:<…>` → `RCPT`; `DATA` wins over `RCPT`),
 * or ''. A command glued to letters or digits (`DATABASE@…`, `email.example`) is not one.
 */
export function findCommand(text: string): string {
  let last = '';
  const padded = ` ${text} `;
  for (const word of commands) {
    for (let at = padded.indexOf(word); at >= 0; at = padded.indexOf(word, at + 1)) {
      if (!word.includes(' ')) {
        const before = padded.charCodeAt(at - 1);
        const after = padded.charCodeAt(at + word.length);
        if (isWordChar(before) || isWordChar(after)) continue;
      }
      last = word === 'STARTTLS' ? word : word.slice(0, 4);
      break;
    }
  }
  return last;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 64 && code <= 90) || (code >= 96 && code <= 122);
}

/** The commands a refusal before the message was sent can name: content filters never ran. */
export const beforeData: ReadonlySet<string> = new Set(['CONN', 'EHLO', 'HELO', 'MAIL', 'RCPT']);
