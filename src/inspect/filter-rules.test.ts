/**
 * The filters `kindly inspect --filter` writes. Sieve scripts are compiled by dovecot's `sievec` and
 * run by `sieve-test`, procmail recipes by procmail, against the invitation they were made from and
 * the same network's reminder (caught), and that network's other mail, another network's invitation
 * and a personal mail (left in the inbox). Gmail rules are read by a real XML parser and checked for
 * what they match on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasDovecotSieve, runSieve } from '../testing/dovecot-sieve.js';
import { hasProcmail, runProcmail } from '../testing/procmail.js';
import { type FilterSpec, filterSpec, renderFilter, toSieve } from './filter-rules.js';
import { inspectMessage } from './inspect-message.js';
import { delivered, samples } from './testing/kindly-samples.js';

/** Gmail's filter file read by Python's XML parser, as Gmail's importer reads the Atom feed. */
function gmailFilters(xml: string): { title: string; entries: Record<string, string>[] } {
  const script = [
    'import sys, json, xml.etree.ElementTree as ET',
    "ns = {'a': 'http://www.w3.org/2005/Atom', 'apps': 'http://schemas.google.com/apps/2006'}",
    'root = ET.fromstring(sys.stdin.read())',
    "entries = [{p.get('name'): p.get('value') for p in e.findall('apps:property', ns)} for e in root.findall('a:entry', ns)]",
    "print(json.dumps({'title': root.find('a:title', ns).text, 'entries': entries}))",
  ].join('\n');
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  return JSON.parse(execFileSync(python, ['-c', script], { input: xml, encoding: 'utf8' }));
}

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));

async function specOf(name: string): Promise<FilterSpec> {
  const { facts, inspection } = await inspectMessage(fixture(name));
  const spec = filterSpec(inspection, facts);
  if (!spec) throw new Error(`${name} gave no filter`);
  return spec;
}

const networks = [
  {
    made: 'linkedin-invitation.eml',
    caught: ['linkedin-invitation.eml', 'linkedin-reminder.eml'],
    kept: ['linkedin-job-alert.eml', 'xing-invitation.eml', 'personal-mail.eml'],
  },
  {
    made: 'xing-invitation.eml',
    caught: ['xing-invitation.eml', 'xing-reminder.eml'],
    kept: ['xing-weekly-check.eml', 'linkedin-invitation.eml', 'personal-mail.eml'],
  },
  {
    made: 'facebook-friend-request.eml',
    caught: ['facebook-friend-request.eml', 'facebook-pending-request.eml'],
    kept: ['facebook-memories.eml', 'linkedin-invitation.eml', 'personal-mail.eml'],
  },
  {
    made: 'generic-invitation.eml',
    caught: ['generic-invitation.eml'],
    kept: ['newsletter.eml', 'linkedin-invitation.eml', 'personal-mail.eml'],
  },
];

describe.skipIf(!hasDovecotSieve())('Sieve filters, run by dovecot’s sieve-test', () => {
  it.each(networks)('from $made: compiles, catches $caught, keeps $kept', async ({ made, caught, kept }) => {
    const script = renderFilter(await specOf(made), 'sieve', 'Invitations');
    for (const name of caught) {
      const run = runSieve(script, fixture(name));
      expect(run.compiled.status, run.compiled.output).toBe(0);
      expect(run.folders, `${name}\n${run.output}`).toEqual(['Invitations']);
    }
    for (const name of kept) {
      expect(runSieve(script, fixture(name)).folders, name).toEqual(['INBOX']);
    }
  });

  it('from a Kindly invitation: catches invitations, reminders and digests, keeps the do-not-contact confirmation', async () => {
    const sample = async (kind: keyof typeof samples, index = 0) => {
      const make = samples[kind][index]?.mail;
      if (!make) throw new Error(`no ${kind} sample`);
      return delivered(make());
    };
    const { facts, inspection } = await inspectMessage(await sample('invitation'));
    const spec = filterSpec(inspection, facts);
    if (!spec) throw new Error('no filter');
    const script = renderFilter(spec, 'sieve');
    expect(script).toContain('header :is "X-Kindly-Kind" ["invitation", "reminder", "digest"]');
    for (const kind of ['invitation', 'reminder', 'digest'] as const) {
      expect(runSieve(script, await sample(kind)).folders, kind).toEqual(['Invitations']);
    }
    expect(runSieve(script, await sample('confirmation')).folders).toEqual(['INBOX']);
    // Another Kindly (another brand and domain) is not this one.
    expect(runSieve(script, await sample('invitation', 2)).folders).toEqual(['INBOX']);
  });

  it('is a real parser: a broken script does not compile, quotes in names stay strings', async () => {
    const broken = runSieve(
      'require ["fileinto"];\nif header :contains "subject" "x" { fileinto "A"; ',
      fixture('personal-mail.eml'),
    );
    expect(broken.compiled.status).not.toBe(0);
    expect(broken.compiled.output).toMatch(/error/i);
    const spec = await specOf('linkedin-invitation.eml');
    const script = toSieve({ ...spec, title: 'x' }, 'Say "no" \\ thanks');
    const run = runSieve(script, fixture('linkedin-invitation.eml'));
    expect(run.compiled.status, run.compiled.output).toBe(0);
    expect(run.folders).toEqual(['Say "no" \\ thanks']);
  });
});

describe.skipIf(!hasProcmail())('procmail recipes, run by procmail', () => {
  it.each(networks)('from $made: catches $caught, keeps $kept', async ({ made, caught, kept }) => {
    const recipe = renderFilter(await specOf(made), 'procmail', 'Invitations');
    for (const name of caught) expect(runProcmail(recipe, fixture(name)), name).toBe('Invitations');
    for (const name of kept) expect(runProcmail(recipe, fixture(name)), name).toBe('INBOX');
  });

  it('matches on the network’s own header where there is one, on subject words where not', async () => {
    const linkedin = renderFilter(await specOf('linkedin-invitation.eml'), 'procmail');
    expect(linkedin).toContain(
      '* ^(X-LinkedIn-Template:.*invite|X-LinkedIn-Class:[ \t]*INVITE-GUEST[ \t]*$)',
    );
    const xing = renderFilter(await specOf('xing-invitation.eml'), 'procmail');
    expect(xing).toContain(
      '* ^Subject:.*(Kontaktanfrage|vernetzen|Einladung|wartet[ _]auf[ _]Ihre[ _]Antwort|contact[ _]request)',
    );
  });
});

describe('Gmail filters', () => {
  it('Gmail: the dedicated invitations address for LinkedIn, domain and subject words where there is none', async () => {
    const linkedin = gmailFilters(
      renderFilter(await specOf('linkedin-invitation.eml'), 'gmail', `Bob's <no>`),
    );
    expect(linkedin).toEqual({
      title: 'Mail Filters',
      entries: [{ from: 'invitations@linkedin.com', label: "Bob's <no>", shouldArchive: 'true' }],
    });
    const xing = gmailFilters(renderFilter(await specOf('xing-invitation.eml'), 'gmail'));
    expect(xing.entries).toEqual([
      {
        from: 'xing.com',
        subject:
          '(Kontaktanfrage OR vernetzen OR Einladung OR "wartet auf Ihre Antwort" OR "contact request")',
        label: 'Invitations',
        shouldArchive: 'true',
      },
    ]);
  });

  it('writes no filter for mail that is not an invitation', async () => {
    for (const name of ['linkedin-job-alert.eml', 'newsletter.eml', 'personal-mail.eml']) {
      const { facts, inspection } = await inspectMessage(fixture(name));
      expect(filterSpec(inspection, facts), name).toBeNull();
    }
  });
});
