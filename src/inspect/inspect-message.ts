/**
 * `kindly inspect`'s reading of one received message: which network sent it, what kind of mail it
 * is, who is inviting, who really sent it, how to leave, and what a recipient should know
 * (findings.ts). Pure reasoning over MessageFacts, apart from asking Kindly's own bounce
 * classifier whether the message is a delivery report.
 */
import { classifyMessage } from '../mail/inbound/classify/classify-message.js';
import { findBodyUnsubscribeLinks } from './body-links.js';
import { type Finding, findingsFor } from './findings.js';
import { readUnsubscribeOptions, type UnsubscribeOptions } from './list-unsubscribe.js';
import { domainOf, headerValue, type Mailbox, type MessageFacts, readMessageFacts } from './message-facts.js';
import {
  inDomains,
  type MessageKindSeen,
  type NetworkId,
  recognizeNetwork,
  senderDomains,
} from './networks.js';
import { findPostalAddress } from './postal-address.js';
import {
  callsItselfReminder,
  inviterFromSubject,
  openingWords,
  plausibleName,
  soundsLikeFollowUp,
  soundsLikeInvitation,
  soundsRequested,
  splitVia,
} from './wording.js';

export interface Inspection {
  /** The network, or null when the message is not a network's; `generic` for an unknown one. */
  network: { id: NetworkId | 'generic'; name: string; domains: string[] } | null;
  kind: MessageKindSeen | null;
  /** One line: what this message is. */
  summary: string;
  /** The marks and words the verdict rests on. */
  evidence: string[];
  subject: string;
  /** For invitations and reminders: who invites, and where a reply reaches them. */
  inviter: { name: string | null; address: string | null; relay: boolean };
  realSender: {
    from: Mailbox | null;
    sender: Mailbox | null;
    replyTo: Mailbox | null;
    returnPath: string | null;
    dkim: { domain: string; selector: string | null; signsListUnsubscribe: boolean }[];
  };
  unsubscribe: { urls: string[]; mailto: string[]; oneClick: string | null; inBody: string[] };
  postalAddress: string | null;
  findings: Finding[];
}

const noReply =
  /^(?:no-?reply|do-?not-?reply|donotreply|notifications?|mailer-daemon|postmaster|bounces?)\b/i;

/** Where a reply reaches the inviter: Reply-To, unless it is the sender's own or a no-reply box. */
function inviterAddress(facts: MessageFacts, domains: readonly string[]): Inspection['inviter'] {
  const replyTo = facts.replyTo;
  if (!replyTo || noReply.test(replyTo.address) || replyTo.address === facts.from?.address) {
    return { name: null, address: null, relay: false };
  }
  const domain = domainOf(replyTo.address);
  return { name: null, address: replyTo.address, relay: inDomains(domain, domains) };
}

/** Names in a Kindly digest: one "Block <name>:" line per inviter (src/mail/compose/digest-mail.ts). */
function digestNames(text: string): string | null {
  const names = [...text.matchAll(/^Block (.+?): https?:\/\//gm)].map((m) => m[1]);
  return names.length > 1 ? names.join(', ') : null;
}

function inviterName(facts: MessageFacts): string | null {
  const via = splitVia(facts.from?.name ?? '');
  if (via && plausibleName(via.person)) return via.person;
  const fromSubject = inviterFromSubject(facts.subject.slice(0, 300));
  if (fromSubject) return fromSubject;
  if (plausibleName(facts.from?.name)) return facts.from?.name ?? null;
  // Only the first short lines: a name is near the top, and the patterns are not for long lines.
  const lines = facts.text
    .slice(0, 4000)
    .split(/\r?\n/)
    .filter((line) => line.trim() && line.length <= 200);
  for (const line of lines.slice(0, 8)) {
    const name = inviterFromSubject(line.trim());
    if (name) return name;
  }
  return null;
}

/** Headers that only automated mail carries; a person's own mail has none of them. */
function automatedMarks(facts: MessageFacts): string[] {
  const marks: string[] = [];
  for (const name of ['List-Unsubscribe', 'List-ID', 'Feedback-ID', 'X-Auto-Response-Suppress']) {
    if (headerValue(facts, name) !== null) marks.push(name);
  }
  const autoSubmitted = headerValue(facts, 'auto-submitted');
  if (autoSubmitted && !/^no\b/i.test(autoSubmitted)) marks.push(`Auto-Submitted: ${autoSubmitted}`);
  const precedence = headerValue(facts, 'precedence');
  if (precedence && /bulk|list|junk/i.test(precedence)) marks.push(`Precedence: ${precedence}`);
  if (splitVia(facts.from?.name ?? '')) marks.push(`From "${facts.from?.name}"`);
  return marks;
}

function genericNetworkName(facts: MessageFacts): string {
  const via = splitVia(facts.from?.name ?? '');
  if (via) return via.via;
  const on = /\b(?:on|join|to join) ([\p{Lu}][\p{L}\d.-]+)/u.exec(facts.subject)?.[1];
  return on ?? (domainOf(facts.from?.address) || 'an unknown network');
}

function kindlyName(facts: MessageFacts): string {
  const brand = splitVia(facts.from?.name ?? '')?.via ?? facts.from?.name ?? 'Kindly';
  return brand && brand !== 'Kindly' ? `${brand} (Kindly)` : 'Kindly';
}

function kindFromWords(words: string): MessageKindSeen {
  if (soundsLikeInvitation(words) || soundsLikeFollowUp(words)) {
    return soundsLikeFollowUp(words) || callsItselfReminder(words.split('\n')[0] ?? '')
      ? 'reminder'
      : 'invitation';
  }
  return soundsRequested(words) ? 'requested' : 'notification';
}

const article: Record<MessageKindSeen, string> = {
  invitation: 'An invitation',
  reminder: 'A reminder about an invitation',
  notification: 'A notification (not an invitation)',
  requested: 'A message the recipient asked for (a confirmation or sign-in)',
};

function summaryOf(network: Inspection['network'], kind: MessageKindSeen): string {
  if (network?.id === 'generic') return `${article[kind]} from a network: ${network.name}`;
  return `${article[kind]} from ${network?.name}`;
}

function notAnInvitation(facts: MessageFacts, summary: string, evidence: string[]): Inspection {
  return { ...baseReport(facts, readUnsubscribe(facts)), summary, evidence };
}

function readUnsubscribe(facts: MessageFacts): UnsubscribeOptions {
  return readUnsubscribeOptions(
    headerValue(facts, 'list-unsubscribe'),
    headerValue(facts, 'list-unsubscribe-post'),
  );
}

function baseReport(facts: MessageFacts, unsubscribe: UnsubscribeOptions): Inspection {
  return {
    network: null,
    kind: null,
    summary: '',
    evidence: [],
    subject: facts.subject,
    inviter: { name: null, address: null, relay: false },
    realSender: {
      from: facts.from,
      sender: facts.sender,
      replyTo: facts.replyTo,
      returnPath: facts.returnPath,
      dkim: facts.dkim.map((s) => ({
        domain: s.domain,
        selector: s.selector,
        signsListUnsubscribe: s.signedHeaders.includes('list-unsubscribe'),
      })),
    },
    unsubscribe: {
      urls: unsubscribe.urls,
      mailto: unsubscribe.mailto.map((m) => m.uri),
      oneClick: unsubscribe.oneClickUrl,
      inBody: findBodyUnsubscribeLinks(facts.text, facts.html),
    },
    postalAddress: findPostalAddress(facts.text),
    findings: [],
  };
}

/**
 * Inspects facts already read. `isDeliveryReport` says whether Kindly's bounce classifier took the
 * message for a bounce, complaint or automatic reply, which are never invitations.
 */
export function inspectFacts(facts: MessageFacts, isDeliveryReport: boolean): Inspection {
  if (isDeliveryReport) {
    return notAnInvitation(facts, 'Not an invitation: a bounce, complaint or automatic reply', [
      'read as a delivery report by Kindly’s bounce classifier',
    ]);
  }
  const words = openingWords(facts.subject, facts.text);
  const known = recognizeNetwork(facts);
  let network: Inspection['network'];
  let kind: MessageKindSeen;
  const evidence = [...(known?.verdict.evidence ?? [])];
  if (known) {
    const domains = known.network.id === 'kindly' ? senderDomains(facts) : [...known.network.domains];
    const name = known.network.id === 'kindly' ? kindlyName(facts) : known.network.name;
    network = { id: known.network.id, name, domains };
    kind = known.verdict.kind ?? kindFromWords(words);
    if (known.verdict.kind === null) evidence.push(`its words read as ${article[kind].toLowerCase()}`);
    if (kind === 'invitation' && known.network.id !== 'kindly' && soundsLikeFollowUp(words)) {
      kind = 'reminder';
      evidence.push('its words follow up an earlier invitation');
    }
  } else {
    const marks = automatedMarks(facts);
    if (marks.length === 0 || !(soundsLikeInvitation(words) || soundsLikeFollowUp(words))) {
      return notAnInvitation(
        facts,
        marks.length === 0
          ? 'Not an invitation: no network’s marks and no automated-mail headers (a personal message)'
          : 'Not an invitation: automated mail, but no network’s marks and no invitation wording',
        marks,
      );
    }
    network = { id: 'generic', name: genericNetworkName(facts), domains: senderDomains(facts) };
    kind = kindFromWords(words);
    evidence.push(...marks, 'its words invite the recipient');
  }
  const unsubscribe = readUnsubscribe(facts);
  const report = baseReport(facts, unsubscribe);
  const invites = kind === 'invitation' || kind === 'reminder';
  const isDigest = headerValue(facts, 'x-kindly-kind') === 'digest';
  return {
    ...report,
    network,
    kind,
    summary: summaryOf(network, kind),
    evidence,
    inviter: invites
      ? {
          ...inviterAddress(facts, network.domains),
          name: (isDigest ? digestNames(facts.text) : null) ?? inviterName(facts),
        }
      : report.inviter,
    findings: findingsFor({
      kind,
      unsubscribe,
      bodyUnsubscribeLinks: report.unsubscribe.inBody,
      postalAddress: report.postalAddress,
      callsItselfReminder: callsItselfReminder(words),
      dkim: facts.dkim,
    }),
  };
}

/**
 * Whether Kindly's bounce classifier reads the message as a bounce, a complaint or a person's
 * automatic reply. It also counts any `Auto-Submitted: auto-generated` mail as an automatic reply
 * (right for mail arriving at the bounce domain), but that is every network's mail, so only
 * RFC 3834 `auto-replied` counts here.
 */
async function isDeliveryReport(raw: Buffer, facts: MessageFacts): Promise<boolean> {
  const classified = await classifyMessage(raw);
  if (!classified.isBounce) return false;
  if (classified.reports.some((report) => report.reason !== 'vacation')) return true;
  return !/^auto-(?:generated|notified)\b/i.test(headerValue(facts, 'auto-submitted') ?? '');
}

/** Reads and inspects a raw message (RFC 5322 bytes). */
export async function inspectMessage(raw: Buffer): Promise<{ facts: MessageFacts; inspection: Inspection }> {
  const facts = await readMessageFacts(raw);
  return { facts, inspection: inspectFacts(facts, await isDeliveryReport(raw, facts)) };
}
