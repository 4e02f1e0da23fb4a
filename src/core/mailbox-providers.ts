/**
 * Mailbox providers whose spellings of one mailbox Kindly folds into one suppression key. Each documents
 * sub-addressing (`bob+anything@` reaches `bob@`), so an opt-out of `bob@outlook.com` must also stop
 * `bob+hi@outlook.com`. Gmail also ignores dots. The lists name the large consumer domains; they are
 * not complete, and a domain wrongly listed only over-suppresses, which is the safe side.
 * docs/addresses.md lists them with the reason for each.
 */

/** How one provider reads the local part. */
export interface MailboxRule {
  /** The domain the key uses for all of the provider's domains (`googlemail.com` → `gmail.com`). */
  domain: string;
  /** Dots in the local part reach the same mailbox (`jane.doe` = `janedoe`). */
  ignoresDots: boolean;
}

/** `name.suffix` for each space-separated suffix. */
const withSuffixes = (name: string, suffixes: string): string[] =>
  suffixes.split(' ').map((suffix) => `${name}.${suffix}`);

/** Outlook.com and the consumer domains it took over (Hotmail, Live, MSN), in their national forms. */
const microsoft = [
  'msn.com',
  'passport.com',
  'windowslive.com',
  ...withSuffixes(
    'outlook',
    'com at be cl co.il co.nz co.th com.ar com.au com.br com.gr com.pe com.tr com.vn cz de dk es fr hu id ie in it jp kr lv my ph pt sa sg sk',
  ),
  ...withSuffixes(
    'hotmail',
    'com at be ca cl co.il co.nz co.th co.uk com.ar com.au com.br com.gr com.mx com.pe com.tr com.vn cz de dk es fi fr gr hu id ie in it jp kr lv my nl no ph pt sa se sg sk',
  ),
  ...withSuffixes(
    'live',
    'com at be ca cl co.uk com.ar com.au com.mx de dk es eu fi fr ie in it jp nl no se',
  ),
];

/** iCloud Mail: the current domain and the two it kept from MobileMe and .Mac. */
const icloud = ['icloud.com', 'me.com', 'mac.com'];

/** Fastmail: its own names and the older domains its users still receive mail at. */
const fastmail = [
  ...withSuffixes('fastmail', 'com fm cn co.uk com.au de es fr im in jp mx net nl org se to tw uk us'),
  'messagingengine.com',
  '123mail.org',
  'airpost.net',
  'eml.cc',
  'fmail.co.uk',
  'fmgirl.com',
  'fmguy.com',
  'mailbolt.com',
  'mailcan.com',
  'mailhaven.com',
  'mailmight.com',
  'ml1.net',
  'mm.st',
  'myfastmail.com',
  'proinbox.com',
  'promessage.com',
  'rushpost.com',
  'sent.as',
  'sent.at',
  'sent.com',
  'speedymail.org',
  'warpmail.net',
  'xsmail.com',
];

/** Proton Mail. */
const proton = ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'];

const rules = new Map<string, MailboxRule>([
  ['gmail.com', { domain: 'gmail.com', ignoresDots: true }],
  // One mailbox, two names: Google still delivers googlemail.com to the gmail.com account.
  ['googlemail.com', { domain: 'gmail.com', ignoresDots: true }],
  ...[...microsoft, ...icloud, ...fastmail, ...proton].map((domain): [string, MailboxRule] => [
    domain,
    { domain, ignoresDots: false },
  ]),
]);

/**
 * The provider rule for a domain in lower-case A-labels, or `undefined` where a `+tag` and dots are
 * part of the mailbox's name (everywhere else: `jane+x@example.com` and `jane@example.com` may be two
 * people).
 */
export function mailboxRule(asciiDomain: string): MailboxRule | undefined {
  return rules.get(asciiDomain);
}

/** Every domain with a rule (tests check each folds `+tags`). */
export function subaddressingDomains(): string[] {
  return [...rules.keys()];
}
