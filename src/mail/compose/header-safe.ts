import { KindlyError } from '../../core/errors.js';
import { looksLikeToken } from '../../core/tokens.js';

/**
 * Member-typed text (names) on one line: every control character, line and paragraph separator
 * becomes a space. Nodemailer encodes names too; this is the second lock on the door, so a name
 * reads the same in the header, the subject and the body.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Addresses arrive validated; one that could still break a header means a bug upstream, and such
 * mail must not go out rather than go out altered.
 */
export function assertAddress(address: string, what: string): string {
  if (!address.includes('@') || /[\p{Cc}<>]/u.test(address)) {
    throw new KindlyError('invalid_email', `${what} cannot be used in a mail header`);
  }
  return address;
}

/** Tokens land in List-Unsubscribe and the envelope sender, so only the URL-safe alphabet passes. */
export function assertToken(token: string, what: string): string {
  if (!looksLikeToken(token)) throw new KindlyError('invalid_input', `${what} is not a token`);
  return token;
}

/** Our outbox ids become the Message-ID's left side and a header of their own. */
export function assertMessageId(id: string): string {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(id)) throw new KindlyError('invalid_input', 'message id is not usable');
  return id;
}
