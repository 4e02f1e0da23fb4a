import { DeliveryError, type DeliveryErrorCode } from '../../core/delivery-error.js';

/** What nodemailer (and Node's sockets beneath it) put on the errors they hand back. */
interface SmtpFailure {
  code: string | undefined;
  originalCode: string | undefined;
  responseCode: number | undefined;
  enhancedStatus: string | undefined;
  response: string;
}

const connectionCodes = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const authCodes = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);
const noMailboxStatuses = new Set(['5.1.0', '5.1.1', '5.1.10']);
const noMailboxText = /user unknown|unknown user|no such user|mailbox unavailable|mailbox not found/i;

const has = (set: Set<string>, f: SmtpFailure) =>
  (f.code !== undefined && set.has(f.code)) || (f.originalCode !== undefined && set.has(f.originalCode));
const reply = (f: SmtpFailure, low: number, high: number) =>
  f.responseCode !== undefined && f.responseCode >= low && f.responseCode <= high;

/**
 * The whole mapping, first match wins. Credentials come before reply codes because a refused
 * login is a 535 that no amount of retrying the message fixes; reply codes come before socket
 * codes because a peer that answered said more than the socket that then closed.
 */
const table: ReadonlyArray<readonly [DeliveryErrorCode, (f: SmtpFailure) => boolean]> = [
  ['EAUTH', (f) => has(authCodes, f)],
  ['ETIMEDOUT', (f) => f.code === 'ETIMEDOUT' || f.originalCode === 'ETIMEDOUT'],
  // 503 is "bad sequence of commands": our session's fault, not the message's; a new one may pass.
  ['ETEMPFAIL', (f) => reply(f, 400, 499) || f.responseCode === 503],
  [
    'ENOMAILBOX',
    (f) =>
      reply(f, 500, 599) &&
      (f.enhancedStatus !== undefined
        ? noMailboxStatuses.has(f.enhancedStatus)
        : f.responseCode === 550 && noMailboxText.test(f.response)),
  ],
  ['EREJECTED', (f) => reply(f, 500, 599)],
  ['ECONNECTION', (f) => has(connectionCodes, f)],
];

/**
 * RFC 3463 status from a reply such as `550 5.1.1 <x@y>: user unknown` or the continuation form
 * `550-5.1.1 …`. Only a status whose class matches the reply's is believed.
 */
export function enhancedStatusOf(response: string, responseCode?: number): string | undefined {
  const match = /^(\d{3})[ -]([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/m.exec(response.trim());
  if (!match) return undefined;
  const [, code, cls, subject, detail] = match;
  if (responseCode !== undefined && String(responseCode)[0] !== cls) return undefined;
  if (code !== undefined && code[0] !== cls) return undefined;
  return `${cls}.${Number(subject)}.${Number(detail)}`;
}

function field(err: unknown, key: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[key] : undefined;
}

/** Turns whatever nodemailer threw into the core's DeliveryError, so the outbox never sees SMTP. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const str = (key: string) => {
    const value = field(err, key);
    return typeof value === 'string' ? value : undefined;
  };
  const rawCode = field(err, 'responseCode');
  const responseCode = typeof rawCode === 'number' && Number.isFinite(rawCode) ? rawCode : undefined;
  const response = str('response') ?? '';
  const failure: SmtpFailure = {
    code: str('code'),
    originalCode: str('originalCode'),
    responseCode,
    enhancedStatus: enhancedStatusOf(response, responseCode),
    response,
  };
  const code = table.find(([, matches]) => matches(failure))?.[0] ?? 'EUNKNOWN';
  const message = (err instanceof Error ? err.message : String(err)) || response || code;
  return new DeliveryError(code, message, {
    ...(responseCode !== undefined ? { responseCode } : {}),
    ...(failure.enhancedStatus !== undefined ? { enhancedStatus: failure.enhancedStatus } : {}),
    cause: err,
  });
}
