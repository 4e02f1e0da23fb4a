/**
 * The networks `kindly inspect` knows by their own marks, and what each mark says about a
 * message's kind. LinkedIn names every mail's template in `X-LinkedIn-Template` and its class in
 * `X-LinkedIn-Class`; Facebook names the notification type in `X-Facebook-Notify` (and lately
 * `X-FB-Internal-Notiftype`, `Feedback-ID <n>:<type>:Facebook`); XING sends from `mail.xing.com`
 * and says the rest in words; Kindly says `X-Kindly-Kind` and has its own List-Unsubscribe shape.
 */
import { domainOf, headerValue, type MessageFacts } from './message-facts.js';

export type NetworkId = 'linkedin' | 'xing' | 'facebook' | 'kindly';

/** invitation, reminder, other notification, or a message the recipient asked for. */
export type MessageKindSeen = 'invitation' | 'reminder' | 'notification' | 'requested';

export interface KnownNetwork {
  id: NetworkId;
  name: string;
  /** Organisational domains: a message from one of these or a subdomain is the network's. */
  domains: readonly string[];
}

/** What a network's marks said: the kind (null when only the words can tell) and why. */
export interface HeaderVerdict {
  kind: MessageKindSeen | null;
  evidence: string[];
}

export const networks: Record<NetworkId, KnownNetwork> = {
  linkedin: { id: 'linkedin', name: 'LinkedIn', domains: ['linkedin.com'] },
  xing: { id: 'xing', name: 'XING', domains: ['xing.com'] },
  facebook: { id: 'facebook', name: 'Facebook', domains: ['facebookmail.com', 'facebook.com'] },
  kindly: { id: 'kindly', name: 'Kindly', domains: [] },
};

/** True when `domain` is one of `domains` or below one. */
export function inDomains(domain: string, domains: readonly string[]): boolean {
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** The domains a message says it comes from: From, Sender, Return-Path and every DKIM `d=`. */
export function senderDomains(facts: MessageFacts): string[] {
  const all = [
    domainOf(facts.from?.address),
    domainOf(facts.sender?.address),
    domainOf(facts.returnPath),
    ...facts.dkim.map((s) => s.domain),
  ];
  return [...new Set(all.filter(Boolean))];
}

/**
 * Kindly's List-Unsubscribe: `<https://host/u/TOKEN>, <mailto:unsubscribe+TOKEN@domain>`, the same
 * token twice (src/mail/compose/invitation-mail.ts).
 */
export const kindlyUnsubscribeShape =
  /^<https?:\/\/[^>\s]+\/u\/([A-Za-z0-9_-]{16,})>,\s*<mailto:unsubscribe\+\1@[^>\s]+>$/;

const kindlyKinds: Record<string, MessageKindSeen> = {
  invitation: 'invitation',
  reminder: 'reminder',
  digest: 'invitation',
  confirmation: 'requested',
  'sign-in': 'requested',
};

function linkedinVerdict(facts: MessageFacts): HeaderVerdict {
  const template = headerValue(facts, 'x-linkedin-template') ?? '';
  const klass = headerValue(facts, 'x-linkedin-class') ?? '';
  const evidence = [
    template && `X-LinkedIn-Template: ${template}`,
    klass && `X-LinkedIn-Class: ${klass}`,
  ].filter(Boolean);
  const t = template.toLowerCase();
  if (/invite|invitation/.test(t) || /^INVITE/i.test(klass)) {
    return { kind: /remind/.test(t) ? 'reminder' : 'invitation', evidence };
  }
  if (/security|verif|password|login|sign_?in|pin_/.test(t)) return { kind: 'requested', evidence };
  return { kind: template || klass ? 'notification' : null, evidence };
}

function facebookType(facts: MessageFacts): string {
  const notify = headerValue(facts, 'x-facebook-notify') ?? headerValue(facts, 'x-fb-internal-notiftype');
  if (notify) return notify.split(';')[0]?.trim() ?? '';
  const feedback = /^(?:\d+:)?([\w-]+):Facebook$/i.exec(headerValue(facts, 'feedback-id') ?? '');
  return feedback?.[1] ?? '';
}

function facebookVerdict(facts: MessageFacts): HeaderVerdict {
  const type = facebookType(facts).toLowerCase();
  const evidence = type ? [`X-Facebook-Notify: ${type}`] : [];
  if (!type) return { kind: null, evidence };
  if (/remind/.test(type)) return { kind: 'reminder', evidence };
  if (/^friend$|friend_request|invite/.test(type)) return { kind: 'invitation', evidence };
  if (/verif|password|login|code|recovery|reactivation|security|confirm/.test(type)) {
    return { kind: 'requested', evidence };
  }
  return { kind: 'notification', evidence };
}

function kindlyVerdict(facts: MessageFacts): HeaderVerdict {
  const said = (headerValue(facts, 'x-kindly-kind') ?? '').toLowerCase();
  const feedback = /^([\w-]+):[\w-]+$/.exec(headerValue(facts, 'feedback-id') ?? '')?.[1] ?? '';
  const kind = kindlyKinds[said] ?? kindlyKinds[feedback] ?? null;
  const evidence = [
    said && `X-Kindly-Kind: ${said}`,
    kindlyUnsubscribeShape.test(headerValue(facts, 'list-unsubscribe') ?? '') &&
      'List-Unsubscribe in Kindly’s shape (/u/<token> and mailto:unsubscribe+<token>)',
  ].filter((e): e is string => Boolean(e));
  return { kind, evidence };
}

/**
 * The known network a message comes from, by its marks or its sender domains; null when none.
 * Marks count even from another domain (a network may send through a provider), domains count
 * even without marks (XING has none).
 */
export function recognizeNetwork(
  facts: MessageFacts,
): { network: KnownNetwork; verdict: HeaderVerdict } | null {
  const has = (prefix: string) => [...facts.headers.keys()].some((name) => name.startsWith(prefix));
  const domains = senderDomains(facts);
  const fromNetwork = (id: NetworkId) => domains.some((domain) => inDomains(domain, networks[id].domains));

  const kindly = kindlyVerdict(facts);
  if (kindly.evidence.length > 0) return { network: networks.kindly, verdict: kindly };
  if (has('x-linkedin-') || fromNetwork('linkedin')) {
    return { network: networks.linkedin, verdict: linkedinVerdict(facts) };
  }
  if (has('x-facebook-notify') || has('x-fb-internal-notiftype') || fromNetwork('facebook')) {
    return { network: networks.facebook, verdict: facebookVerdict(facts) };
  }
  if (fromNetwork('xing')) {
    const domain = domains.find((d) => inDomains(d, networks.xing.domains)) ?? 'xing.com';
    return { network: networks.xing, verdict: { kind: null, evidence: [`sent from ${domain}`] } };
  }
  return null;
}
