/**
 * From a parser's finding to the report: reconcile the status and reply codes with the diagnostic
 * text, decide the reason (remote host's own rules first, then the generic ones), whether it is a
 * hard bounce, and the category Kindly acts on.
 */
import type { BounceCategory, RecipientReport } from '../bounce-report.js';
import { genericAgent } from '../fallback/generic-report.js';
import { type Finding, findCommand } from '../finding.js';
import { reasonOfRemoteHost } from '../patterns/remote-hosts.js';
import { findReplyCode, findStatus, isTemporary, preferStatus } from '../patterns/status-code.js';
import { pseudoStatus } from '../patterns/status-reasons.js';
import { clip, maxDiagnosis, squeeze } from '../patterns/text-match.js';
import { decideReason, isExplicit, isRevisable } from './reason-rules.js';

/**
 * sisimai's rule: unknown users and hosts and moved mailboxes are hard; a host that accepts no
 * mail at all (`notaccept`) is hard unless the failure was temporary; everything else is soft.
 */
export function isHardBounce(reason: string, codesAndText: string): boolean {
  if (reason === 'userunknown' || reason === 'hostunknown' || reason === 'hasmoved') return true;
  if (reason !== 'notaccept') return false;
  if (codesAndText.trim() === '') return true;
  const code = findStatus(codesAndText) || findReplyCode(codesAndText);
  return code.startsWith('5') || !isTemporary(codesAndText);
}

/**
 * What Kindly does with it. A DMARC/DKIM/SPF failure report (`auth-failure`) says our mail failed
 * authentication somewhere, not that a person complained: it is `not-a-bounce`, so it neither
 * suppresses nor counts towards the soft-bounce limit.
 */
export function categoryOf(reason: string, hardBounce: boolean, feedbackType: string): BounceCategory {
  if (hardBounce) return 'hard';
  if (reason === 'feedback') return feedbackType === 'auth-failure' ? 'not-a-bounce' : 'complaint';
  if (reason === 'vacation') return 'auto-reply';
  if (reason === 'delivered') return 'delivered';
  return 'soft';
}

function stripHtml(text: string): string {
  const lower = text.toLowerCase();
  const start = lower.indexOf('<html>');
  const end = lower.indexOf('</html>');
  return start > 0 && end > start ? `${text.slice(0, start)} ${text.slice(end + 7)}` : text;
}

/** Removes the `550-5.7.1 ` prefixes of a multi-line SMTP reply, keeping one at the head. */
function joinMultiline(text: string, reply: string, status: string): string {
  if (reply === '' || !text.includes(`${reply}-`)) return text;
  let out = text;
  for (const sep of ['-', ' ']) {
    if (status !== '') out = out.split(`${reply}${sep}${status}`).join('');
    out = out.split(`${reply}${sep}`).join('');
  }
  return squeeze(`${reply} ${status} ${out}`);
}

export function finalizeReport(finding: Finding): RecipientReport {
  const f: Finding = { ...finding };
  let diagnosis = clip(squeeze(f.diagnosis.slice(0, 4 * maxDiagnosis)));
  if (diagnosis !== '') {
    const inText = findStatus(diagnosis);
    const reply = findReplyCode(diagnosis, inText);
    f.status = preferStatus(f.status, inText, reply);
    if (f.replyCode === '' && reply.length === 3) f.replyCode = reply;
    diagnosis = squeeze(stripHtml(joinMultiline(diagnosis, reply, inText)));
  }
  f.diagnosis = diagnosis;
  if (f.command === '') f.command = findCommand(diagnosis);
  if (f.diagnosticType === '') {
    if (f.reason === 'mailererror') f.diagnosticType = 'X-UNIX';
    else if (f.reason !== 'feedback' && f.reason !== 'vacation') f.diagnosticType = 'SMTP';
  }

  if (f.reason === '' || isRevisable(f.reason)) {
    const byHost = reasonOfRemoteHost(f);
    const decided = isExplicit(byHost) ? byHost : decideReason(f);
    // sisimai's `onhold` says "a known layout, a text no rule reads"; the generic reading of an
    // unknown layout cannot tell its diagnosis from boilerplate, so it says `undefined`.
    const undecided = diagnosis !== '' && f.agent !== genericAgent ? 'onhold' : 'undefined';
    f.reason = isExplicit(decided) ? decided : undecided;
  }

  const codes = `${f.status} ${diagnosis}`;
  const hardBounce = ['delivered', 'feedback', 'vacation'].includes(f.reason)
    ? false
    : isHardBounce(f.reason, codes.length < 4 ? '' : codes);
  if (f.reason === 'feedback' || f.reason === 'vacation') f.replyCode = '';

  if (f.status === '' && f.reason !== 'feedback' && f.reason !== 'vacation') {
    const said = `${f.replyCode} ${diagnosis}`.trim();
    f.status = pseudoStatus(f.reason, isTemporary(said));
  }
  if (f.status !== '' && f.replyCode !== '' && f.status[0] !== f.replyCode[0]) {
    const again = findReplyCode(diagnosis, f.status[0]);
    f.replyCode = again.startsWith(f.status[0] ?? '') ? again : '';
  }

  return {
    recipient: f.recipient === '' ? null : f.recipient,
    status: f.status === '' ? null : f.status,
    replyCode: f.replyCode === '' ? null : f.replyCode,
    reason: f.reason,
    hardBounce,
    category: categoryOf(f.reason, hardBounce, f.feedbackType),
    feedbackType: f.feedbackType === '' ? null : f.feedbackType,
    diagnostic: diagnosis === '' ? null : diagnosis,
  };
}
