/**
 * The findings a recipient cares about in an invitation, a reminder or a network's notification:
 * can they leave (RFC 2369 List-Unsubscribe, or at least a link), in one click (RFC 8058), does the
 * mail say who is behind it (a postal address), does a reminder say it is one, and does the DKIM
 * signature vouch for the unsubscribe headers (RFC 8058 §4: both must be signed).
 */
import { coveredBySignature, type DkimSignature } from './dkim-signature.js';
import type { UnsubscribeOptions } from './list-unsubscribe.js';
import type { MessageKindSeen } from './networks.js';

export type FindingCode =
  | 'no-unsubscribe'
  | 'no-unsubscribe-header'
  | 'no-one-click'
  | 'no-postal-address'
  | 'unannounced-reminder'
  | 'unsubscribe-not-signed';

export interface Finding {
  code: FindingCode;
  /** One sentence for a person, naming what is missing and why it matters. */
  message: string;
}

export interface FindingInputs {
  kind: MessageKindSeen;
  unsubscribe: UnsubscribeOptions;
  bodyUnsubscribeLinks: readonly string[];
  postalAddress: string | null;
  callsItselfReminder: boolean;
  dkim: readonly DkimSignature[];
}

function unsubscribeFindings(input: FindingInputs): Finding[] {
  const { unsubscribe } = input;
  const offered = unsubscribe.urls.length + unsubscribe.mailto.length > 0;
  if (!offered && input.bodyUnsubscribeLinks.length === 0) {
    return [
      {
        code: 'no-unsubscribe',
        message:
          'No way to unsubscribe: neither a List-Unsubscribe header (RFC 2369) nor a link in the text.',
      },
    ];
  }
  const findings: Finding[] = [];
  if (!offered) {
    findings.push({
      code: 'no-unsubscribe-header',
      message:
        'No List-Unsubscribe header (RFC 2369): only a link in the text, so the mail program cannot offer its own unsubscribe button.',
    });
  }
  if (unsubscribe.oneClickUrl === null) {
    findings.push({
      code: 'no-one-click',
      message: unsubscribe.postHeader
        ? 'No working one-click unsubscribe (RFC 8058): List-Unsubscribe-Post is there but not with an HTTPS address to post to.'
        : 'No one-click unsubscribe (RFC 8058 List-Unsubscribe-Post: List-Unsubscribe=One-Click): leaving takes a visit to a page or a mail.',
    });
  }
  if (offered) {
    const names = unsubscribe.postHeader
      ? ['list-unsubscribe', 'list-unsubscribe-post']
      : ['list-unsubscribe'];
    if (!coveredBySignature(input.dkim, names)) {
      findings.push({
        code: 'unsubscribe-not-signed',
        message:
          input.dkim.length === 0
            ? 'The message has no DKIM signature, so nothing vouches for its List-Unsubscribe header.'
            : `No DKIM signature covers ${unsubscribe.postHeader ? 'List-Unsubscribe and List-Unsubscribe-Post' : 'List-Unsubscribe'} (the signatures of ${[...new Set(input.dkim.map((s) => s.domain))].join(', ')} leave ${unsubscribe.postHeader ? 'them' : 'it'} out): anyone on the way could have changed where unsubscribing goes.`,
      });
    }
  }
  return findings;
}

/**
 * The findings for a message of `input.kind`. A message the recipient asked for (a confirmation,
 * a sign-in link) is not judged on unsubscribing: there is no list to leave.
 */
export function findingsFor(input: FindingInputs): Finding[] {
  const findings = input.kind === 'requested' ? [] : unsubscribeFindings(input);
  if (input.postalAddress === null) {
    findings.push({
      code: 'no-postal-address',
      message:
        'No postal address in the text: the mail does not say where its sender can be reached offline.',
    });
  }
  if (input.kind === 'reminder' && !input.callsItselfReminder) {
    findings.push({
      code: 'unannounced-reminder',
      message:
        'A reminder that does not say it is one: it repeats an earlier invitation without the word "reminder" or how many will follow.',
    });
  }
  return findings;
}
