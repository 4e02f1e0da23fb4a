/**
 * Every failure the core can report, by stable code. Only `src/http` maps these to status codes;
 * the core and adapters raise `KindlyError` and never think about HTTP.
 */
export const errorCodes = {
  invalid_input: 'The request is not valid.',
  invalid_email: 'The address cannot receive mail as written.',
  invalid_name: 'The name is not acceptable.',
  invalid_note: 'The note is not acceptable.',
  name_control_characters: 'A name must be one line without control characters.',
  name_bidi_control: 'A name must not contain text-direction controls.',
  name_invisible_characters: 'A name must not contain invisible characters.',
  name_encoded_word: 'A name must not contain MIME encoded words (=?…?=).',
  name_url: 'A name must not contain a web address, e-mail address or domain name.',
  name_no_letters: 'A name must contain at least one letter or digit.',
  name_brand: "A name must not contain the service's name or anything that looks like it.",
  note_control_characters: 'A note must be plain text without control characters.',
  note_bidi_control: 'A note must not contain text-direction controls.',
  unknown_member: 'No such member.',
  member_exists: 'A member with that address or external id already exists.',
  self_invitation: 'A member cannot invite themselves.',
  not_found: 'Nothing was found here.',
  invitation_not_pending: 'The invitation is no longer open.',
  invitation_conflict: 'The invitation changed while this request ran; read it again.',
  token_invalid: 'The link is not valid.',
  unauthorized: 'A valid bearer token is required.',
  forbidden: 'This token may not do that.',
  forbidden_for_app_token: "An app token may use members and invitations only; this is the operator's.",
  unknown_token: 'No API token has that id.',
  complaint_suppression:
    'A complaint suppression cannot be lifted by an operator; only the recipient can, by confirming their address.',
  rate_limited: 'Too many requests; try again later.',
  inviter_daily_limit: 'The inviter has sent as many invitations today as allowed.',
  inviter_weekly_limit: 'The inviter has sent as many invitations this week as allowed.',
  inviter_pending_limit: 'The inviter has as many open invitations as allowed.',
  inviter_throttled: 'Recipients of this inviter asked too often not to be e-mailed; invitations are paused.',
  reinvite_after_withdrawal: 'The inviter withdrew an invitation to this address recently.',
  reinvite_after_decline: 'This address said no thanks to the inviter recently.',
  payload_too_large: 'The request body is too large.',
  unsupported_contacts_file: 'The file is neither a CSV with an e-mail column nor a vCard.',
  unavailable: 'The service cannot reach its database right now.',
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class KindlyError extends Error {
  readonly code: ErrorCode;
  /** Safe to show to the caller; never contains another person's data. */
  readonly detail: string;
  /** Seconds after which a retry may succeed, for limits. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { retryAfterSeconds?: number; cause?: unknown }) {
    super(detail ?? errorCodes[code], { cause: options?.cause });
    this.name = 'KindlyError';
    this.code = code;
    this.detail = detail ?? errorCodes[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function isKindlyError(error: unknown): error is KindlyError {
  return error instanceof KindlyError;
}
