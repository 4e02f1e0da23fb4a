/**
 * What survives of the message that bounced: its headers (from an attached message/rfc822 or
 * text/rfc822-headers part, or from the copy an old MTA pastes below its text), its Message-ID, our
 * X-Kindly-Message header and the VERP token of the `bounce+TOKEN@…` envelope sender.
 */
import { looksLikeToken } from '../../../../core/tokens.js';
import type { OriginalMessageInfo } from '../bounce-report.js';
import { cleanAddress } from './addresses.js';
import { first, type HeaderMap, parseHeaderBlock, toRecord } from './header-block.js';
import type { MailView } from './mail-view.js';

/**
 * Lines after which MTAs paste the returned message (lower-cased, matched at the start of a line
 * once leading spaces and dashes are dropped).
 */
const copyMarkers = [
  'below this line is a copy of the message',
  'this is a copy of the message, including all the headers',
  'message headers follow',
  'original message follows',
  'original message headers',
  'unsent message follows',
  'here is a copy of the first part of the message, including all the headers',
  'the following is the original message',
  'the original message headers',
  'original message',
  'returned message',
  'content-type: message/rfc822',
  'content-type: text/rfc822-headers',
  'headers of the original message',
  'message header follows',
  'the header of the original message is following',
  'this is the header of the message',
  'a copy of the original message',
  'undelivered message headers',
  'original message header',
  'rfc822 header',
];

/**
 * Splits a bounce's text into what the MTA wrote and the pasted original (which is '' when no
 * marker is found).
 */
export function splitAtCopy(text: string): [string, string] {
  const lines = text.split('\n');
  let offset = 0;
  for (const line of lines) {
    const bare = line
      .replace(/^[\s\-=_*#|>]+/, '')
      .toLowerCase()
      .slice(0, 120);
    if (offset > 0 && copyMarkers.some((m) => bare.startsWith(m))) {
      return [text.slice(0, offset), text.slice(offset + line.length + 1)];
    }
    offset += line.length + 1;
  }
  return [text, ''];
}

const headerStart = /^(return-path|received|from|to|subject|date|message-id|x-kindly-message|mime-version):/i;

/** The first block of header lines in a pasted copy (skipping a few lines of preamble). */
function pastedHeaders(copy: string): HeaderMap {
  const lines = copy.split('\n');
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    if (headerStart.test(lines[i] ?? '')) return parseHeaderBlock(lines.slice(i).join('\n'));
  }
  return new Map();
}

/**
 * The headers of the returned original, from the attached part or the pasted copy. A JMRP complaint
 * sent inline (`X-HmXmrOriginalRecipient` on the top level) is the original itself.
 */
export function originalHeaders(view: MailView): HeaderMap {
  if (view.original === '' && view.headers.has('x-hmxmroriginalrecipient')) return view.headers;
  if (view.original !== '') {
    const map = parseHeaderBlock(view.original, false);
    if (map.size > 0) return map;
    return pastedHeaders(view.original);
  }
  return pastedHeaders(splitAtCopy(view.text)[1]);
}

const verp = /bounce\+([A-Za-z0-9_-]{1,128})@/i;

function verpIn(value: string): string | null {
  const token = verp.exec(value)?.[1] ?? '';
  return looksLikeToken(token) ? token : null;
}

function messageIdOf(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  const inner = /<([^<>\s]{1,250})>/.exec(v)?.[1];
  return inner ?? v.split(/\s/)[0] ?? null;
}

/**
 * Everything that ties the report to the message we sent. `extra` carries report fields that may
 * name our envelope sender or the recipient (ARF Original-Mail-From, Original-Rcpt-To).
 */
export function describeOriginal(view: MailView, extra: readonly string[] = []): OriginalMessageInfo {
  const headers = originalHeaders(view);
  const candidates = [
    ...extra,
    first(headers, 'return-path'),
    ...(headers.get('to') ?? []),
    ...(view.headers.get('to') ?? []),
    ...(view.headers.get('delivered-to') ?? []),
    ...(view.headers.get('x-original-to') ?? []),
    ...(view.headers.get('envelope-to') ?? []),
    ...(view.headers.get('return-path') ?? []),
  ];
  let verpToken: string | null = null;
  for (const value of candidates) {
    verpToken = verpIn(value);
    if (verpToken !== null) break;
  }
  verpToken ??= verpIn(view.original) ?? verpIn(view.feedbackReport);
  const to = cleanAddress(first(headers, 'to'));
  const kindly = first(headers, 'x-kindly-message').trim();
  return {
    messageId: messageIdOf(first(headers, 'message-id')),
    kindlyMessageId: kindly === '' ? null : kindly,
    verpToken,
    to: to === '' ? null : to,
    headers: toRecord(headers),
  };
}
