/**
 * The canonical form of an address: the text its suppression key is computed from, so that every
 * spelling of one mailbox has one key. Over-suppression is the safe side: two spellings that may be
 * one mailbox get one key. docs/addresses.md explains each step.
 */
import { caseFold } from 'unicode-case-folding';
import { localPartText, splitAddress, toAsciiDomain, writeLocalPart } from './address-parts.js';
import { mailboxRule } from './mailbox-providers.js';

/**
 * The canonical form of a valid address (call `parseAddress` first; any spelling it accepts works,
 * the form sent included):
 * 1. the local part unquoted, Unicode full case folded (CaseFolding.txt C + F, so `WEISS` and `weiß`
 *    are one) as a canonical caseless match (NFD, fold, NFC), and written bare or minimally quoted;
 * 2. the domain in lower-case IDNA A-labels, an address literal in lower case;
 * 3. at the providers of `mailbox-providers.ts`: everything from the first `+` dropped (`bob+hi` →
 *    `bob`), and at Gmail dots too; `googlemail.com` becomes `gmail.com`.
 *
 * Changing any step changes every key: suppressions stored under the old form no longer match.
 */
export function canonicalAddress(address: string): string {
  const [rawLocal, rawDomain] = splitAddress(address);
  const domain = rawDomain.startsWith('[') ? rawDomain.toLowerCase() : toAsciiDomain(rawDomain);
  const text = caseFold(localPartText(rawLocal).normalize('NFD')).normalize('NFC');
  const rule = mailboxRule(domain);
  if (rule === undefined) return `${writeLocalPart(text)}@${domain}`;
  const local = writeLocalPart(text);
  return `${local.startsWith('"') ? local : providerMailbox(local, rule.ignoresDots)}@${rule.domain}`;
}

/**
 * The mailbox a provider delivers `local` to: the `+tag` dropped, and dots where the provider ignores
 * them. A local part that is quoted (it holds spaces or other specials) is left alone, and one starting
 * with `+` keeps its tag, since there is no mailbox name before it.
 */
function providerMailbox(local: string, ignoresDots: boolean): string {
  const withoutDots = ignoresDots ? local.replaceAll('.', '') : local;
  const plus = withoutDots.indexOf('+');
  return plus > 0 ? withoutDots.slice(0, plus) : withoutDots;
}
