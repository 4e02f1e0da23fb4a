/**
 * `kindly inspect` over mail written in each network's own layout (src/inspect/fixtures, sources in
 * its README), and over negative controls: a personal mail that talks about inviting, a newsletter
 * that says "You're invited", a bounce that quotes an invitation, and every bounce, complaint and
 * auto-reply of the shared corpus. None of those may be called an invitation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../testing/corpora.js';
import type { FindingCode } from './findings.js';
import { type Inspection, inspectMessage } from './inspect-message.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const inspect = async (name: string) =>
  (await inspectMessage(readFileSync(path.join(fixtures, name)))).inspection;

interface Expected {
  network: string;
  kind: Inspection['kind'];
  inviter: string | null;
  address: string | null;
  findings: FindingCode[];
}

const expected: Record<string, Expected> = {
  'linkedin-invitation.eml': {
    network: 'linkedin',
    kind: 'invitation',
    inviter: 'Alice Archer',
    address: 'alice.archer@example.net',
    findings: ['unsubscribe-not-signed'],
  },
  'linkedin-reminder.eml': {
    network: 'linkedin',
    kind: 'reminder',
    inviter: 'Alice Archer',
    address: null,
    findings: ['unsubscribe-not-signed', 'unannounced-reminder'],
  },
  'linkedin-job-alert.eml': {
    network: 'linkedin',
    kind: 'notification',
    inviter: null,
    address: null,
    findings: ['unsubscribe-not-signed'],
  },
  'xing-invitation.eml': {
    network: 'xing',
    kind: 'invitation',
    inviter: 'Alice Archer',
    address: null,
    findings: ['no-one-click'],
  },
  'xing-reminder.eml': {
    network: 'xing',
    kind: 'reminder',
    inviter: 'Alice Archer',
    address: null,
    findings: ['no-one-click'],
  },
  'xing-weekly-check.eml': {
    network: 'xing',
    kind: 'notification',
    inviter: null,
    address: null,
    findings: ['no-one-click'],
  },
  'facebook-friend-request.eml': {
    network: 'facebook',
    kind: 'invitation',
    inviter: 'Alice Archer',
    address: null,
    findings: ['no-one-click', 'unsubscribe-not-signed'],
  },
  'facebook-pending-request.eml': {
    network: 'facebook',
    kind: 'reminder',
    inviter: 'Alice Archer',
    address: null,
    findings: ['no-one-click', 'unsubscribe-not-signed', 'unannounced-reminder'],
  },
  'facebook-memories.eml': {
    network: 'facebook',
    kind: 'notification',
    inviter: null,
    address: null,
    findings: ['no-one-click', 'unsubscribe-not-signed'],
  },
  'generic-invitation.eml': {
    network: 'generic',
    kind: 'invitation',
    inviter: 'Alice Archer',
    address: 'alice.archer@example.net',
    findings: [],
  },
};

const negatives = ['personal-mail.eml', 'newsletter.eml', 'bounce.eml'];

describe('kindly inspect on networks’ own mail', () => {
  it('has an expectation for every fixture', () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
    expect(files.sort()).toEqual([...Object.keys(expected), ...negatives].sort());
  });

  it.each(Object.entries(expected))('%s', async (file, want) => {
    const inspection = await inspect(file);
    expect(inspection.network?.id).toBe(want.network);
    expect(inspection.kind).toBe(want.kind);
    expect(inspection.inviter.name).toBe(want.inviter);
    expect(inspection.inviter.address).toBe(want.address);
    expect(inspection.findings.map((f) => f.code)).toEqual(want.findings);
    expect(inspection.postalAddress).not.toBeNull();
    expect(inspection.evidence.length).toBeGreaterThan(0);
  });

  it('reports the real sender: From, Reply-To, the envelope’s Return-Path and each DKIM d=', async () => {
    const { realSender, unsubscribe } = await inspect('linkedin-invitation.eml');
    expect(realSender.from).toEqual({ name: 'Alice Archer', address: 'invitations@linkedin.com' });
    expect(realSender.replyTo?.address).toBe('alice.archer@example.net');
    expect(realSender.returnPath).toBe('s-2kq8vz4t7mbw1xj5rn0dhc3lyp9fe6ga@bounce.linkedin.com');
    expect(realSender.dkim).toEqual([
      { domain: 'mailb.linkedin.com', selector: 'd2048-202308-0b', signsListUnsubscribe: false },
      { domain: 'linkedin.com', selector: 'd2048-202308-00', signsListUnsubscribe: false },
    ]);
    expect(unsubscribe.oneClick).toMatch(
      /^https:\/\/www\.linkedin\.com\/comm\/psettings\/email-unsubscribe\?/,
    );
    const xing = await inspect('xing-invitation.eml');
    expect(xing.unsubscribe.mailto).toEqual([
      'mailto:unsubscribe-q7Xk2invented@mail.xing.com?subject=unsubscribe',
    ]);
    expect(xing.unsubscribe.oneClick).toBeNull();
  });

  it('does not take a no-reply Reply-To for the inviter’s address', async () => {
    const facebook = await inspect('facebook-friend-request.eml');
    expect(facebook.realSender.replyTo?.address).toBe('noreply@facebookmail.com');
    expect(facebook.inviter.address).toBeNull();
  });

  it.each(negatives)('%s is not called an invitation', async (file) => {
    const inspection = await inspect(file);
    expect(inspection.network).toBeNull();
    expect(inspection.kind).toBeNull();
    expect(inspection.findings).toEqual([]);
    expect(inspection.summary).toMatch(/^Not an invitation/);
  });

  it.skipIf(!hasCorpus('bounces', 'inspect over the bounce corpus'))(
    'calls none of the corpus’s bounces, complaints, auto-replies and other messages an invitation',
    async () => {
      const folders = ['bounces/eml', 'bounces/not-bounces', 'field/bounces'];
      const files = folders.flatMap((folder) =>
        readdirSync(corpusPath(folder))
          .filter((f) => f.endsWith('.eml'))
          .map((f) => path.join(corpusPath(folder), f)),
      );
      expect(files.length).toBeGreaterThan(400);
      const called: string[] = [];
      for (const file of files) {
        const { inspection } = await inspectMessage(readFileSync(file));
        if (inspection.kind === 'invitation' || inspection.kind === 'reminder')
          called.push(path.basename(file));
      }
      expect(called).toEqual([]);
    },
    120_000,
  );
});
