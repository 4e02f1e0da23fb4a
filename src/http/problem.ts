/**
 * RFC 9457 problem details. The only place that knows which HTTP status each core error code means.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorCodes } from '../core/errors.js';

export type HttpErrorCode = ErrorCode | 'malformed_json' | 'unsupported_media_type' | 'internal_error';

export const statusOf: Record<HttpErrorCode, ContentfulStatusCode> = {
  invalid_input: 422,
  invalid_email: 422,
  invalid_name: 422,
  invalid_note: 422,
  name_control_characters: 422,
  name_bidi_control: 422,
  name_invisible_characters: 422,
  name_encoded_word: 422,
  name_url: 422,
  name_no_letters: 422,
  name_brand: 422,
  note_control_characters: 422,
  note_bidi_control: 422,
  unknown_member: 422,
  self_invitation: 422,
  member_exists: 409,
  not_found: 404,
  invitation_not_pending: 409,
  invitation_conflict: 409,
  token_invalid: 404,
  unauthorized: 401,
  forbidden: 403,
  forbidden_for_app_token: 403,
  unknown_token: 404,
  complaint_suppression: 403,
  rate_limited: 429,
  inviter_daily_limit: 429,
  inviter_weekly_limit: 429,
  inviter_pending_limit: 429,
  inviter_throttled: 429,
  reinvite_after_withdrawal: 409,
  reinvite_after_decline: 409,
  payload_too_large: 413,
  unsupported_contacts_file: 422,
  unavailable: 503,
  malformed_json: 400,
  unsupported_media_type: 415,
  internal_error: 500,
};

const titles: Record<HttpErrorCode, string> = {
  ...errorCodes,
  malformed_json: 'The request body is not valid JSON.',
  unsupported_media_type: 'Send the request body as application/json.',
  internal_error: 'Something went wrong on our side.',
};

export function problem(
  c: Context,
  code: HttpErrorCode,
  detail?: string,
  extra?: { retryAfterSeconds?: number | undefined },
): Response {
  const status = statusOf[code];
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (extra?.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(Math.ceil(extra.retryAfterSeconds));
  if (code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="kindly"';
  const body = {
    type: `/problems/${code}`,
    title: titles[code],
    status,
    detail: detail ?? titles[code],
    code,
    instance: c.req.path,
  };
  return c.body(JSON.stringify(body), status, headers);
}

export function problemTitle(code: HttpErrorCode): string {
  return titles[code];
}

export function isHttpErrorCode(code: string): code is HttpErrorCode {
  return Object.hasOwn(statusOf, code);
}
