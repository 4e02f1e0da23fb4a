/**
 * What each MTA-family parser provides, and helpers they share. A family parser recognises the
 * bounces one kind of MTA writes (by their headers and opening sentence) and reads the failed
 * recipients out of its own text layout; the reason is then decided like any other.
 */

import { emptyFinding, type Finding } from '../finding.js';
import { findAddresses } from '../parse/addresses.js';
import { first } from '../parse/header-block.js';
import type { MailView } from '../parse/mail-view.js';
import { splitAtCopy } from '../parse/original-message.js';
import { clip, maxDiagnosis, squeeze } from '../patterns/text-match.js';

export interface MtaFamily {
  name: string;
  /** Findings, one per failed recipient in order; null when the message is not this family's. */
  parse(view: MailView): Finding[] | null;
}

/** The lines of the bounce's own text (before the pasted original), from the first line that contains
 * one of `starts` (exclusive); [] when none does. */
export function linesAfter(
  view: MailView,
  starts: readonly string[],
  text = splitAtCopy(view.text)[0],
): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => starts.some((s) => line.includes(s)));
  return at < 0 ? [] : lines.slice(at + 1);
}

export function fromHeader(view: MailView): string {
  return first(view.headers, 'from').toLowerCase();
}

export function subjectOf(view: MailView): string {
  return view.subject.toLowerCase();
}

/** Whether any Received header contains the text. */
export function receivedContains(view: MailView, needle: string): boolean {
  return (view.headers.get('received') ?? []).some((r) => r.toLowerCase().includes(needle));
}

/** A finding for `recipient` with the given diagnosis, squeezed. */
export function findingFor(agent: string, recipient: string, diagnosis: string): Finding {
  const f = emptyFinding(agent);
  f.recipient = recipient;
  f.diagnosis = clip(
    squeeze(diagnosis.length > 4 * maxDiagnosis ? diagnosis.slice(0, 4 * maxDiagnosis) : diagnosis),
  );
  return f;
}

/**
 * A common layout: a line naming one recipient, then lines about it, until the next recipient line.
 * `recipientOf` returns the address a line introduces (or '' for a detail line), possibly with
 * what the line says about it.
 */
export function readBlocks(
  agent: string,
  lines: readonly string[],
  recipientOf: (line: string) => string | readonly [address: string, said: string],
  stop: (line: string) => boolean = () => false,
): Finding[] {
  const out: Finding[] = [];
  const texts: string[][] = [];
  const maxLines = 200;
  let current: Finding | null = null;
  for (const line of lines) {
    if (stop(line)) break;
    const found = recipientOf(line);
    const [recipient, said] = typeof found === 'string' ? [found, ''] : found;
    if (recipient !== '') {
      if (current !== null && current.recipient === recipient) continue;
      current = findingFor(agent, recipient, '');
      out.push(current);
      texts.push([said]);
      continue;
    }
    const text = texts[texts.length - 1];
    if (text !== undefined && line.trim() !== '' && text.length < maxLines) text.push(line);
  }
  for (const [i, f] of out.entries()) f.diagnosis = clip(squeeze((texts[i] ?? []).join(' ')));
  return out;
}

/** The single address in a line made of nothing else (`  user@example.com`, `<user@example.com>:`). */
export function loneAddress(line: string): string {
  const bare = line.trim().replace(/^<|>:?$|:$/g, '');
  if (bare.includes(' ') || !bare.includes('@')) return '';
  return findAddresses(bare)[0] ?? '';
}
