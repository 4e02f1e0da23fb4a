/**
 * Which of our messages a report is about. A report counts only when a secret ties it to a message
 * Kindly really sent, one that only that message's receivers saw:
 *
 * 1. a VERP token (`bounce+<token>@`, 192 random bits minted for one message): the envelope
 *    recipient of a bounce, or found in the report (the original's Return-Path, ARF
 *    Original-Mail-From, a provider's envelope sender);
 * 2. the original's `Message-ID` (`<outboxId@bounce domain>`) or `X-Kindly-Message` (the outbox id,
 *    96 random bits), which survive in the headers a DSN or ARF report attaches even when the
 *    recipient is redacted, and which providers hand back (Postmark metadata, SendGrid unique args).
 *
 * An address proves nothing: anybody can write a DSN, an ARF report or an `X-Apple-Unsubscribe`
 * message naming anyone, so a report with no secret changes nothing. When a report does name a
 * recipient, it must be the recipient of the message its secret names (same suppression key): a
 * bounce from a mailbox our message was forwarded to, or our headers pasted into a report about
 * someone else, changes nothing either. A redaction placeholder names nobody, and the message's own
 * recipient is then the one meant.
 */
import type { CoreDeps } from '../../core/deps.js';
import type { InboundTarget } from '../../core/inbound-events.js';
import { hashToken, looksLikeToken } from '../../core/tokens.js';
import type { CorrelationHints } from './inbound-report.js';

/**
 * Why a report was tied to nothing: it carried no secret of ours at all (`no-secret`), its secrets
 * named no message of ours (`unknown-message`), or it named a recipient other than the message's
 * (`other-recipient`).
 */
export type UncorrelatedWhy = 'no-secret' | 'unknown-message' | 'other-recipient';

export type Correlation = { tied: true; target: InboundTarget } | { tied: false; why: UncorrelatedWhy };

/**
 * Correlates the reports of one inbound message or webhook request. Lookups are remembered for the
 * correlator's life, so a message listing 50 reports about one message reads that message once.
 */
export interface Correlator {
  correlate(hints: CorrelationHints): Promise<Correlation>;
}

/** A secret found in a report, in the order they are tried. */
interface Secret {
  via: 'verp' | 'message-id' | 'x-kindly-message';
  lookup: () => Promise<InboundTarget | null>;
}

export function createCorrelator(core: CoreDeps): Correlator {
  const seen = new Map<string, Promise<InboundTarget | null>>();
  const remembered = (id: string, find: () => Promise<InboundTarget | null>) => {
    let found = seen.get(id);
    if (!found) {
      found = find();
      seen.set(id, found);
    }
    return found;
  };
  const byToken = (token: string) =>
    remembered(`verp:${token}`, async () => {
      const record = await core.store.findToken(hashToken(token), 'bounce');
      if (!record?.addressKey || !record.messageId) return null;
      return {
        addressKey: record.addressKey,
        invitationId: record.invitationId,
        messageId: record.messageId,
        via: 'verp',
      };
    });
  const byOutboxId = (id: string, via: Secret['via']) =>
    remembered(`msg:${id}`, async () => {
      const message = await core.store.getMessage(id);
      if (!message) return null;
      return { addressKey: message.toKey, invitationId: message.invitationId, messageId: message.id, via };
    }).then((target) => (target ? { ...target, via } : null));

  return {
    async correlate(hints) {
      const secrets = secretsOf(hints, byToken, byOutboxId);
      if (secrets.length === 0) return { tied: false, why: 'no-secret' };
      const named = namedRecipientKey(core, hints.recipient);
      let why: UncorrelatedWhy = 'unknown-message';
      for (const secret of secrets) {
        const target = await secret.lookup();
        if (!target) continue;
        if (named === null || named === target.addressKey) return { tied: true, target };
        why = 'other-recipient';
      }
      return { tied: false, why };
    },
  };
}

/** One report, one correlator: for callers with a single report. */
export function correlate(core: CoreDeps, hints: CorrelationHints): Promise<Correlation> {
  return createCorrelator(core).correlate(hints);
}

function secretsOf(
  hints: CorrelationHints,
  byToken: (token: string) => Promise<InboundTarget | null>,
  byOutboxId: (id: string, via: Secret['via']) => Promise<InboundTarget | null>,
): Secret[] {
  const secrets: Secret[] = [];
  const tokens = new Set<string>();
  for (const token of hints.verpTokens ?? []) {
    if (token && looksLikeToken(token) && !tokens.has(token)) {
      tokens.add(token);
      secrets.push({ via: 'verp', lookup: () => byToken(token) });
    }
  }
  const fromMessageId = outboxIdOfMessageId(hints.messageId);
  if (fromMessageId)
    secrets.push({ via: 'message-id', lookup: () => byOutboxId(fromMessageId, 'message-id') });
  const fromHeader = cleanOutboxId(hints.kindlyMessageId);
  if (fromHeader && fromHeader !== fromMessageId) {
    secrets.push({ via: 'x-kindly-message', lookup: () => byOutboxId(fromHeader, 'x-kindly-message') });
  }
  return secrets;
}

/** `<msg_abc@kindly.example>` → `msg_abc`; anything that cannot be one of our ids → null. */
export function outboxIdOfMessageId(messageId: string | null | undefined): string | null {
  const bare = messageId?.trim().replace(/^<|>$/g, '');
  const at = bare?.lastIndexOf('@') ?? -1;
  return at > 0 ? cleanOutboxId(bare?.slice(0, at)) : null;
}

function cleanOutboxId(id: string | null | undefined): string | null {
  const trimmed = id?.trim();
  return trimmed && /^[A-Za-z0-9_.-]{1,200}$/.test(trimmed) ? trimmed : null;
}

/**
 * Local parts feedback loops write in place of a redacted recipient (RFC 6590 leaves the form to
 * them): `redacted@…`, `hashed@…`, runs of `x` or `*`. Reading one as "names nobody" can only ever
 * point a report at its own message's recipient, never at anyone else.
 */
const placeholderLocalParts = /^(?:redacted|hashed|anonymous|removed|unknown|x+|\*+|#+)$/i;

/** The suppression key of the recipient a report names, or null when it names none (or a placeholder). */
export function namedRecipientKey(core: CoreDeps, recipient: string | null | undefined): string | null {
  const address = recipient?.trim().replace(/^<|>$/g, '');
  if (!address) return null;
  const local = address.slice(0, address.lastIndexOf('@'));
  if (placeholderLocalParts.test(local)) return null;
  try {
    return core.keyOf(address);
  } catch {
    return null; // not a mailbox: a placeholder, a redaction, garbage
  }
}
