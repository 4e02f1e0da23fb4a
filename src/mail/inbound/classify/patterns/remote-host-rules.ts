/**
 * Providers' documented error codes and phrases, by sisimai reason (gathered by the sisimai
 * project, BSD-2-Clause, from each provider's postmaster pages). Each rule returns a reason or ''.
 */

import { firstReasonIn, firstReasonInLower, type ReasonPhrases } from '../mta/phrases.js';
import { cox, facebook, franceptt, godaddy, type Rule } from './remote-host-codes.js';

const phraseRule =
  (table: ReasonPhrases, lower = true): Rule =>
  (f) =>
    lower ? firstReasonInLower(f.diagnosis, table) : firstReasonIn(f.diagnosis, table);

const gsuite: Rule = (f) => {
  const status = f.status[0] ?? '';
  const reply = f.replyCode[0] ?? '';
  const d = f.diagnosis;
  const has = (list: readonly string[]) => list.some((p) => d.includes(p));
  if (has(["because the address couldn't be found. Check for typos or unnecessary spaces and try again."])) {
    return 'userunknown';
  }
  if (has(['Null MX'])) return 'notaccept';
  const nxdomain = [' responded with code NXDOMAIN', 'Domain name not found'];
  if (has(nxdomain) && status === '5' && reply === '5') return 'hostunknown';
  if (has([...nxdomain, ' had no relevant answers.']) && status !== '5' && reply !== '5')
    return 'networkerror';
  return '';
};

/**
 * NTT DOCOMO answers "550 Unknown user" both for unknown users (at RCPT) and for its own
 * reception filters (after DATA): the refused command tells them apart.
 */
const nttdocomo: Rule = (f) => {
  if (f.status === '5.1.1' || f.status === '5.0.911') return 'userunknown';
  if (f.status === '5.2.0') return 'filtered';
  const said = firstReasonInLower(f.diagnosis, [
    ['mailboxfull', ['552 too much mail data']],
    ['syntaxerror', ['503 bad sequence of commands', '504 command parameter not implemented']],
    ['toomanyconn', ['552 too many recipients']],
  ]);
  if (said !== '') return said;
  if (f.status !== '5.0.0') return '';
  return f.command === 'RCPT' ? 'userunknown' : f.command === 'DATA' ? 'rejected' : '';
};

/** Mimecast's documented replies: the reply code must match too. */
const mimecastReplies: ReadonlyArray<readonly [string, string, string]> = [
  ['authfailure', '550', 'spf sender invalid - envelope rejected'],
  ['authfailure', '550', 'dkim sender invalid - envelope rejected'],
  ['authfailure', '550', 'dmarc sender invalid - envelope rejected'],
  ['badreputation', '451', 'internal resources are temporarily unavailable'],
  ['badreputation', '550', 'local ct ip reputation - (reject)'],
  ['blocked', '421', 'sender address blocked'],
  ['blocked', '451', 'recipient temporarily unavailable'],
  ['blocked', '451', 'ip temporarily blacklisted'],
  ['failedstarttls', '553', 'this route requires encryption (tls)'],
  ['mesgtoobig', '554', 'maximum email size exceeded'],
  ['networkerror', '554', 'mail loop detected'],
  ['norelaying', '451', 'open relay not allowed'],
  ['notaccept', '451', 'account inbounds disabled'],
  ['policyviolation', '550', 'anti-spoofing policy - inbound not allowed'],
  ['policyviolation', '554', 'host network not allowed'],
  ['rejected', '550', 'envelope blocked - user entry'],
  ['rejected', '550', 'administrative prohibition envelope blocked'],
  ['securityerror', '535', 'incorrect authentication data'],
  ['systemerror', '451', 'unable to process connection at this time'],
  ['toomanyconn', '452', 'too many recipients'],
  ['userunknown', '501', 'invalid address'],
  ['userunknown', '550', 'invalid recipient'],
  ['virusdetected', '554', 'email rejected due to security policies'],
];

const mimecast: Rule = (f) => {
  const text = f.diagnosis.toLowerCase();
  return (
    mimecastReplies.find(([, reply, phrase]) => f.replyCode === reply && text.includes(phrase))?.[0] ?? ''
  );
};

/** Exchange Online's enhanced codes (a few are ranges) with the phrase that must come with them. */
const microsoftCodes: ReadonlyArray<readonly [string, RegExp, string]> = [
  [
    'authfailure',
    /^5\.7\.(23|509|515)$|^4\.7\.26$/,
    'sender policy framework violation|dmarc|authentication level|spf or dkim',
  ],
  ['badreputation', /^4\.7\.650$/, 'rate limited due to ip reputation'],
  ['blocked', /^5\.7\.(50[67]|51[013]|6[0-4]\d)$/, 'access denied|block list'],
  ['blocked', /^5\.7\.1$/, 'part of their network is on our block list'],
  ['expired', /^4\.4\.7$|^5\.4\.(300|316)$/, 'message expired|message delayed'],
  ['mesgtoobig', /^5\.(2\.3|3\.4)$/, 'too large|too big|exceeds fixed maximum'],
  ['securityerror', /^5\.7\.(1|3|57)$/, 'not authenticated|not authorized'],
  ['suspend', /^5\.7\.50[45]$|^5\.2\.1$/, 'access denied|mailbox cannot be accessed'],
  ['userunknown', /^5\.1\.(1|10)$/, 'recipientnotfound|recipient not found|exrecipnotfound|user unknown'],
  ['userunknown', /^5\.4\.1$/, 'recipient address rejected: access denied'],
  // Outlook.com's consumer mailboxes, served from prod.outlook.com like Microsoft 365's.
  ['userunknown', /^5\.5\.0$/, 'requested action not taken: mailbox unavailable'],
];

const microsoft: Rule = (f) => {
  const text = f.diagnosis.toLowerCase();
  for (const [reason, codes, phrases] of microsoftCodes) {
    if (codes.test(f.status) && phrases.split('|').some((p) => text.includes(p))) return reason;
  }
  return '';
};

export const providerRules: Record<string, Rule> = {
  aol: phraseRule(
    [
      ['hostunknown', ['Host or domain name not found']],
      ['notaccept', ['type=MX: Malformed or unexpected name server reply']],
    ],
    false,
  ),
  cox,
  facebook,
  franceptt,
  godaddy,
  gsuite,
  messagelabs: phraseRule(
    [
      ['authfailure', ['domain authentication fail']],
      ['badreputation', ['Connection rejected by policy']],
      ['blocked', ['mail rejected because your IP is in the PBL', 'your IP address has been ']],
      ['contenterror', ['Stray linefeeds in message']],
      ['failedstarttls', ['TLS/SSLv3 Connection required']],
      ['norelaying', [' as a relay, ']],
      [
        'notcompliantrfc',
        ['550 Requested action aborted [4]', 'has detected that this message is not RFC 5322'],
      ],
      [
        'rejected',
        [
          'sender envelope domain not allowed for sender IP address',
          'your domain has been blocked',
          'your email address has been blocked',
          'your envelope sender is in my badmailfrom list',
          'your email address has been blacklisted',
          'your domain has been blacklisted',
        ],
      ],
      ['securityerror', ['Please turn on SMTP Authentication in your mail client']],
      ['spamdetected', ['Message Filtered', 'filtered by Outbound scanning']],
      ['toomanyconn', ['Too many recipients received this hour', 'too many messages']],
      ['userunknown', ['No such user', 'Invalid recipient', 'mailbox is not allowed']],
    ],
    false,
  ),
  kddi: phraseRule([
    ['filtered', ['550 : user unknown']],
    ['userunknown', ['>: user unknown']],
  ]),
  microsoft,
  mimecast,
  outlook: phraseRule(
    [
      [
        'hostunknown',
        ['The mail could not be delivered to the recipient because the domain is not reachable'],
      ],
      ['userunknown', ['Requested action not taken: mailbox unavailable']],
    ],
    false,
  ),
  nttdocomo,
  tencent: phraseRule([
    ['authfailure', ['spf check failed', 'dmarc check failed']],
    ['blocked', ['suspected bounce attacks', 'suspected spam ip', 'connection denied']],
    ['mesgtoobig', ['message too large']],
    ['rejected', ['suspected spam', 'mail is rejected by recipients']],
    ['spamdetected', ['spam is embedded in the email', 'mail content denied']],
    ['speeding', ['mailbox unavailable or access denined', 'frequency of receiving messages is limited']],
    ['suspend', ['is a deactivated mailbox']],
    ['syntaxerror', ['bad address syntax']],
    [
      'toomanyconn',
      [
        'ip frequency limited',
        'domain frequency limited',
        'sender frequency limited',
        'connection frequency limited',
      ],
    ],
    ['userunknown', ['mailbox not found']],
  ]),
  yahooinc: phraseRule([
    ['authfailure', ['yahoo requires all senders to authenticate with either spf or dkim']],
    ['blocked', [" because the ip is in spamhaus's list;", 'not accepted from ip addresses on spamhaus xbl']],
    ['norelaying', ['relaying denied for ']],
    ['notcompliantrfc', ['headers are not rfc compliant']],
    ['policyviolation', ['not accepted for policy reasons']],
    [
      'rejected',
      [
        'temporarily deferred due to unexpected volume or user complaints',
        'due to unresolvable rfc.5321 domain',
        ' will be permanently deferred',
      ],
    ],
    ['speeding', ['user is receiving mail too quickly']],
    ['suspend', [' is no longer valid.', 'this mailbox is disabled']],
    ['syntaxerror', ['syntax error in parameters or arguments']],
    ['toomanyconn', ['max message per connection reached']],
    ['userunknown', ["dd this user doesn't have a ", 'mailbox not found']],
  ]),
};
