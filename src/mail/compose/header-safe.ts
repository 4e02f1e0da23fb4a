import { checkDisplayName, displayNameProblem } from '../../core/display-name.js';
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

/** What mail calls a member whose stored name no longer passes `checkDisplayName`. */
export const UNNAMED_MEMBER = 'A member';

/**
 * A member's name as mail shows it, in From (`"<name> via <brand>"`), the Subject and the body. Names
 * are checked where they enter; this is the last guard, for a name stored before a rule existed or
 * before the operator changed `KINDLY_BRAND`: one that would not pass `checkDisplayName` today (a
 * direction control, an encoded word, a link, the brand…) is not shown at all, and the mail says
 * "A member" beside the inviter's address instead.
 */
export function shownName(name: string, brand: string): string {
  return displayNameProblem(name, { brand }) === undefined
    ? checkDisplayName(name, { brand })
    : UNNAMED_MEMBER;
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
