/**
 * The parts of a received message that classification reads, decoded by mailparser: the top-level
 * headers, the human-readable text, the machine-readable report parts (message/delivery-status,
 * message/feedback-report) and the returned original (message/rfc822 or text/rfc822-headers).
 */
import { type ParsedMail, simpleParser } from 'mailparser';
import { type HeaderMap, parseHeaderBlock, toLf } from './header-block.js';

export interface MailView {
  /** Top-level header fields, unfolded, not decoded. */
  headers: HeaderMap;
  /** The Subject, RFC 2047-decoded. */
  subject: string;
  /** Every text part (HTML as text when there is no plain one), LF line endings, tabs as spaces. */
  text: string;
  /** The message/delivery-status parts, joined. */
  deliveryStatus: string;
  /** The message/feedback-report part. */
  feedbackReport: string;
  /** The returned original message (or only its headers), LF line endings; '' when none is attached. */
  original: string;
  /** Whether `original` holds only headers (text/rfc822-headers) rather than a whole message. */
  originalIsHeaders: boolean;
  /** The Content-Type of the top level, lower-cased. */
  contentType: string;
}

/** Larger messages are cut: a bounce that needs more than this to explain itself is not one. */
const maxBytes = 4 * 1024 * 1024;

const decoder = new TextDecoder('utf-8');

function bufferText(content: Buffer): string {
  return toLf(decoder.decode(content));
}

function headerMapOf(parsed: ParsedMail): HeaderMap {
  const map: HeaderMap = new Map();
  for (const { key, line } of parsed.headerLines ?? []) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const list = map.get(key.toLowerCase()) ?? [];
    list.push(value);
    map.set(key.toLowerCase(), list);
  }
  return map;
}

/** Reads a raw message. Never throws: what mailparser cannot read is read as plain text. */
export async function readMail(raw: Buffer | string): Promise<MailView> {
  const buffer = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const input = buffer.length > maxBytes ? buffer.subarray(0, maxBytes) : buffer;
  try {
    const parsed = await simpleParser(repair(input), {
      keepDeliveryStatus: true,
      ignoreEmbedded: true,
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
      maxHtmlLengthToParse: 512 * 1024,
      maxChildNodes: 500,
    });
    const view = viewOf(parsed);
    if (view.text.trim() === '' && view.deliveryStatus === '' && view.original === '') {
      view.text = plainView(input.toString('latin1')).text;
    }
    return view;
  } catch {
    return plainView(input.toString('latin1'));
  }
}

/**
 * Mends a fault some MTAs make that would hide every part from the MIME parser: a `boundary=`
 * parameter continued on the next line without the leading white space that folds it.
 */
function repair(input: Buffer): Buffer {
  const head = input.toString('latin1');
  const mended = head.replace(/(Content-Type:[^\n]{0,200};[ \t]*\r?\n)(boundary=)/gi, '$1\t$2');
  return mended === head ? input : Buffer.from(mended, 'latin1');
}

function viewOf(parsed: ParsedMail): MailView {
  const headers = headerMapOf(parsed);
  const deliveryStatus: string[] = [];
  let feedbackReport = '';
  let original = '';
  let originalIsHeaders = false;
  let extraText = '';
  for (const part of parsed.attachments) {
    const type = part.contentType.toLowerCase();
    const content = bufferText(part.content);
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      deliveryStatus.push(content);
    } else if (type === 'message/feedback-report') {
      feedbackReport ||= content;
    } else if (
      type === 'message/rfc822' ||
      type === 'message/global' ||
      type.startsWith('text/rfc822-header') ||
      type === 'message/partial'
    ) {
      if (original === '') {
        original = content;
        originalIsHeaders = type.startsWith('text/rfc822-header');
      }
    } else if (type === 'text/plain') {
      extraText += `\n${content}`;
    }
  }
  let text = parsed.text ?? '';
  if (text.trim() === '' && typeof parsed.html === 'string')
    text = parsed.html.replace(/<[^>]{0,2000}>/g, ' ');
  return {
    headers,
    subject: parsed.subject ?? '',
    text: toLf(text + extraText).replace(/\t/g, ' '),
    deliveryStatus: deliveryStatus.join('\n\n'),
    feedbackReport,
    original,
    originalIsHeaders,
    contentType: (headers.get('content-type')?.[0] ?? '').toLowerCase(),
  };
}

/** The fallback when MIME parsing failed: headers up to the first empty line, the rest as text. */
export function plainView(raw: string): MailView {
  const lf = toLf(raw);
  const split = lf.indexOf('\n\n');
  const head = split >= 0 ? lf.slice(0, split) : lf;
  const headers = parseHeaderBlock(head, true);
  return {
    headers,
    subject: headers.get('subject')?.[0] ?? '',
    text: (split >= 0 ? lf.slice(split + 2) : '').replace(/\t/g, ' '),
    deliveryStatus: '',
    feedbackReport: '',
    original: '',
    originalIsHeaders: false,
    contentType: (headers.get('content-type')?.[0] ?? '').toLowerCase(),
  };
}
