/**
 * The filters `kindly inspect --filter` writes. Sieve scripts are compiled by dovecot's `sievec` and
 * run by `sieve-test` against the invitation they were made from, the same network's reminder
 * (caught), and that network's other mail, another network's invitation and a personal mail (left
 * in the inbox). Gmail and procmail rules are checked for what they match on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasDovecotSieve, runSieve } from '../testing/dovecot-sieve.js';
import { type FilterSpec, filterSpec, renderFilter, toSieve } from './filter-rules.js';
import { inspectMessage } from './inspect-message.js';

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

describe('Gmail and procmail filters', () => {
  it('Gmail: the dedicated invitations address for LinkedIn, domain and subject words where there is none', async () => {
    const linkedin = renderFilter(await specOf('linkedin-invitation.eml'), 'gmail', 'No thanks');
    expect(linkedin).toContain("<apps:property name='from' value='invitations@linkedin.com'/>");
    expect(linkedin).toContain("<apps:property name='label' value='No thanks'/>");
    expect(linkedin).not.toContain("name='subject'");
    const xing = renderFilter(await specOf('xing-invitation.eml'), 'gmail');
    expect(xing).toContain("<apps:property name='from' value='xing.com'/>");
    expect(xing).toContain(
      `<apps:property name='subject' value='(Kontaktanfrage OR vernetzen OR Einladung OR "wartet auf Ihre Antwort" OR "contact request")'/>`,
    );
    expect(xing.startsWith("<?xml version='1.0' encoding='UTF-8'?>")).toBe(true);
    expect(xing.match(/<entry>/g)).toHaveLength(1);
  });

  it('procmail: the sender domain and the network’s own header, or subject words', async () => {
    const linkedin = renderFilter(await specOf('linkedin-invitation.eml'), 'procmail');
    expect(linkedin).toContain('* ^From:.*@([-a-z0-9]+\\.)*(linkedin\\.com)>?[ \\t]*$');
    expect(linkedin).toContain(
      '* ^(X-LinkedIn-Template:.*invite|X-LinkedIn-Class:[ \\t]*INVITE-GUEST[ \\t]*$)',
    );
    expect(linkedin.trimEnd().endsWith('Invitations/')).toBe(true);
    const xing = renderFilter(await specOf('xing-invitation.eml'), 'procmail');
    expect(xing).toContain(
      '* ^Subject:.*(Kontaktanfrage|vernetzen|Einladung|wartet auf Ihre Antwort|contact request)',
    );
  });

  it('writes no filter for mail that is not an invitation', async () => {
    for (const name of ['linkedin-job-alert.eml', 'newsletter.eml', 'personal-mail.eml']) {
      const { facts, inspection } = await inspectMessage(fixture(name));
      expect(filterSpec(inspection, facts), name).toBeNull();
    }
  });
});
